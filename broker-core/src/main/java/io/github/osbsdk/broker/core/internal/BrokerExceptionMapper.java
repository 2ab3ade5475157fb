package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's one exception mapper: {@link ServiceBrokerException} becomes its status and OSB error
 * body; container exceptions ({@link WebApplicationException}: 404 unknown path, 405, ...) keep
 * their status with an OSB error body; anything else is a 500 with a generic description, the
 * details only in the log (with the request id), never a stack trace in the body.
 */
public final class BrokerExceptionMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerExceptionMapper.class);
  private final ErrorResponses errors;

  /** @param errors error bodies */
  public BrokerExceptionMapper(ErrorResponses errors) {
    this.errors = errors;
  }

  @Override
  public Response toResponse(Throwable t) {
    if (t instanceof ServiceBrokerException e) {
      if (e.status() >= 500) {
        LOG.error("Request {} answered {}: {}", RequestIdFilter.current(), e.status(),
            e.getMessage(), e.getCause());
      } else {
        LOG.debug("Answering {}: {}", e.status(), e.getMessage());
      }
      return errors.of(e);
    }
    if (t instanceof WebApplicationException w && w.getResponse() != null) {
      Response original = w.getResponse();
      int status = original.getStatus();
      if (status < 400) {
        return original;
      }
      if (status >= 500) {
        LOG.error("Request {}: container error {}", RequestIdFilter.current(), status, w);
        return errors.of(status, ErrorResponses.internalDescription(RequestIdFilter.current()));
      }
      LOG.debug("Answering {}: {}", status, w.getMessage());
      Response.ResponseBuilder r = Response.fromResponse(errors.of(status, describe(status)));
      Object allow = original.getHeaders().getFirst(HttpHeaders.ALLOW);
      if (allow != null) {
        r.header(HttpHeaders.ALLOW, allow);
      }
      return r.build();
    }
    LOG.error("Request {} failed unexpectedly", RequestIdFilter.current(), t);
    return errors.of(500, ErrorResponses.internalDescription(RequestIdFilter.current()));
  }

  private static String describe(int status) {
    return switch (status) {
      case 400 -> "The request is malformed.";
      case 401 -> "Authentication is required.";
      case 403 -> "Access is denied.";
      case 404 -> "The requested resource does not exist.";
      case 405 -> "The HTTP method is not allowed for this resource.";
      case 406 -> "The requested media type cannot be produced; this broker answers JSON.";
      case 413 -> "The request body is too large.";
      case 415 -> "The request body must be JSON (Content-Type: application/json).";
      default -> {
        Response.Status s = Response.Status.fromStatusCode(status);
        yield s == null ? "The request failed (HTTP " + status + ")." : s.getReasonPhrase() + ".";
      }
    };
  }
}

package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.TemporarilyUnavailableException;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Builds OSB error responses, the SDK's own and those it makes of an error the container
 * answered on a broker path ({@link #rewrite}); the body is serialized here so no writer
 * selection can fail. Every 503 carries {@code Retry-After}
 * ({@value #UNAVAILABLE_RETRY_AFTER_SECONDS} s): the platform may send the request again, and
 * is told when.
 */
public final class ErrorResponses {
  /**
   * The {@code Retry-After} (seconds) of every 503 the SDK answers: an unavailable store or
   * provider, an executor that refuses an operation's work, a provider's or an authenticator's
   * own 503 (a {@code ServiceBrokerException} has no way to set one), and a bare 503 the container
   * answered on a broker path ({@link #rewrite}) unless it set its own. A provider's
   * {@link TemporarilyUnavailableException} may name its own ({@link #unavailable}).
   */
  static final int UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

  /**
   * The response headers that describe a body (RFC 9110 8, its representation metadata and
   * validators, and those naming its parts or digests) rather than the answer: dropped with the
   * body {@link #rewrite} replaces. {@code Content-Type} is set anew.
   */
  static final Set<String> REPLACED_BODY_HEADERS = Set.of("content-encoding",
      "content-language", "content-length", "content-location", "content-range",
      "content-disposition", "content-md5", "content-digest", "repr-digest", "digest", "etag",
      "last-modified");

  private final ObjectMapper mapper;

  /** @param mapper the shared mapper */
  public ErrorResponses(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * @param e the exception
   * @return its status with its OSB error body
   */
  public Response of(ServiceBrokerException e) {
    return of(e.status(), ErrorBody.of(e));
  }

  /**
   * @param status the HTTP status
   * @param body the body
   * @return a JSON response, with {@code Retry-After} when the status is 503
   */
  public Response of(int status, ErrorBody body) {
    return of(status, body, UNAVAILABLE_RETRY_AFTER_SECONDS);
  }

  private Response of(int status, ErrorBody body, long retryAfterSeconds) {
    ErrorBody sent = body;
    if (blank(body.error()) || blank(body.description())) {
      // spec: error and description, "If present, MUST be a non-empty string"
      sent = new ErrorBody(blank(body.error()) ? null : body.error(),
          blank(body.description()) ? null : body.description(), body.instanceUsable(),
          body.updateRepeatable());
    }
    Response.ResponseBuilder r = JsonResponses.status(status).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(bytes(sent));
    if (status == 503) {
      r.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
    }
    return r.build();
  }

  /**
   * @param status the HTTP status
   * @param description the description
   * @return a JSON response with only a description
   */
  public Response of(int status, String description) {
    return of(status, new ErrorBody(null, description, null, null));
  }

  /**
   * A 503 for a provider's {@link TemporarilyUnavailableException}, with its own
   * {@code Retry-After} when it has one: whole seconds, rounded up, at most
   * {@link TemporarilyUnavailableException#MAX_RETRY_AFTER_SECONDS}.
   *
   * @param e the provider's "not now"
   * @param description the description
   * @return the 503
   */
  Response unavailable(TemporarilyUnavailableException e, String description) {
    Duration after = e.retryAfter();
    long seconds = UNAVAILABLE_RETRY_AFTER_SECONDS;
    if (after != null) {
      seconds = TemporarilyUnavailableException.MAX_RETRY_AFTER_SECONDS;
      if (after.compareTo(Duration.ofSeconds(seconds)) < 0) {
        seconds = after.getSeconds() + (after.getNano() == 0 ? 0 : 1);
      }
    }
    return of(503, new ErrorBody(null, description, null, null), seconds);
  }

  /**
   * Makes an OSB error answer of an error the container (or a host's component) answered on a
   * broker path without one (no matching resource, method not allowed, its own 503, ...): the
   * body and headers {@link #of(int, String)} gives its status, keeping the status and any header
   * it already has (a {@code Retry-After}, {@code Allow} or {@code WWW-Authenticate} of its own
   * stays) except those that described the body it replaces ({@link #REPLACED_BODY_HEADERS}): a
   * {@code Content-Encoding: gzip} left on the JSON would have a client unzip plain text.
   *
   * @param response the container's error answer
   * @param requestId the request's id, named in the description of a 5xx
   */
  void rewrite(ContainerResponseContext response, String requestId) {
    int status = response.getStatus();
    Response osb = of(status, status >= 500 ? describeServerError(status, requestId)
        : describe(status));
    response.getHeaders().keySet().removeIf(ErrorResponses::describesTheBody);
    osb.getHeaders().forEach((name, values) -> {
      if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)
          && !response.getHeaders().containsKey(name)) {
        response.getHeaders().put(name, values);
      }
    });
    response.setEntity(osb.getEntity(), null, MediaType.APPLICATION_JSON_TYPE);
  }

  private static boolean describesTheBody(String name) {
    return name != null && REPLACED_BODY_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  /** @return whether the text is present but empty (or only white space) */
  private static boolean blank(String s) {
    return s != null && s.isBlank();
  }

  private byte[] bytes(ErrorBody body) {
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      // cannot happen for strings and booleans; keep the contract of a JSON body anyway
      return "{\"description\":\"Internal error.\"}".getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * Whether a {@link ServiceBrokerException}'s status is an error status. Its constructor refuses
   * any other and the class is final, so this is a last guard only: sent as it is, a 200 would
   * tell the platform that a failed provision succeeded, and a 1xx would leave it waiting.
   *
   * @param status the status
   * @return whether it is 400-599
   */
  static boolean isErrorStatus(int status) {
    return status >= 400 && status <= 599;
  }

  /** @return a generic 500 text naming the request id, for unexpected failures */
  static String internalDescription(String requestId) {
    return "An internal error occurred in the service broker."
        + (requestId == null ? "" : " Request id: " + requestId + ".");
  }

  /**
   * A description for a 5xx the container (or a host's component) produced, by its status: a
   * 503 says the broker is unavailable and to try again, not that it failed.
   *
   * @param status the status, 500-599
   * @param requestId the request's id, or null
   * @return the description, naming the request id
   */
  static String describeServerError(int status, String requestId) {
    String id = requestId == null ? "" : " Request id: " + requestId + ".";
    return switch (status) {
      case 500 -> internalDescription(requestId);
      case 502 -> "The service broker received an invalid answer from a service it depends on."
          + id;
      case 503 -> "The service broker is unavailable at the moment; try again later." + id;
      case 504 -> "The service broker timed out waiting for a service it depends on (gateway"
          + " timeout)." + id;
      default -> describe(status) + id;
    };
  }

  /**
   * A description for an error status the container produced.
   *
   * @param status the status
   * @return the description
   */
  static String describe(int status) {
    return switch (status) {
      case 400 -> "The request is malformed.";
      case 401 -> "Authentication is required.";
      case 403 -> "Access is denied.";
      case 404 -> "The requested resource does not exist.";
      case 405 -> "The HTTP method is not allowed for this resource.";
      case 406 -> "The requested media type cannot be produced; this broker answers JSON.";
      case 413 -> "The request body is too large.";
      case 415 -> "The request body must be JSON (Content-Type: application/json).";
      case 431 -> "The request header fields are too large.";
      default -> {
        Response.Status s = Response.Status.fromStatusCode(status);
        yield s == null ? "The request failed (HTTP " + status + ")." : s.getReasonPhrase() + ".";
      }
    };
  }
}

package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Maps the SDK's own exception type, {@link ServiceBrokerException}, to its status and OSB error
 * body, for components registered with the broker (e.g. broker-iam's dashboard resource). The
 * SDK's resources turn their failures into responses themselves, and no other exception type is
 * mapped, so a host application's resources keep their own error handling. Its ERROR lines are
 * limited per status and cause ({@link RequestErrorLog}); an answer whose failure was logged where
 * it was found ({@link RequestErrorLog#loggedInternalError}, {@link RequestErrorLog#logged}) is
 * logged at DEBUG only, as {@code Endpoint} does.
 */
public final class BrokerExceptionMapper implements ExceptionMapper<ServiceBrokerException> {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerExceptionMapper.class);
  private final ErrorResponses errors;
  private final RequestErrorLog errorLog;

  /**
   * Creates the mapper.
   *
   * @param errors error bodies
   * @param errorLog limits its ERROR lines
   */
  public BrokerExceptionMapper(ErrorResponses errors, RequestErrorLog errorLog) {
    this.errors = errors;
    this.errorLog = errorLog;
  }

  @Override
  public Response toResponse(ServiceBrokerException e) {
    if (!ErrorResponses.isErrorStatus(e.status())) {
      String requestId = MDC.get(RequestIdFilter.MDC_KEY);
      errorLog.error(LOG, "mapped status " + e.status(), e, "Request {}: a"
          + " ServiceBrokerException answered status {} (an error is 400-599){}", requestId,
          e.status());
      return errors.of(500, ErrorResponses.internalDescription(requestId));
    }
    if (RequestErrorLog.loggedAlready(e)) {
      LOG.debug("Answering {} (logged above)", e.status());
    } else if (e.status() >= 500) {
      errorLog.error(LOG, Endpoint.answeredKind("mapped", e), e.getCause(),
          "Request {} answered {}: {}{}", MDC.get(RequestIdFilter.MDC_KEY), e.status(),
          LogText.quote(e.getMessage()));
    } else {
      LOG.debug("Answering {}: {}", e.status(), LogText.quote(e.getMessage()));
    }
    return errors.of(e);
  }
}

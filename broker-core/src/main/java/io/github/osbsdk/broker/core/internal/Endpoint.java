package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.TemporarilyUnavailableException;
import io.github.osbsdk.broker.api.internal.LogLimiter;
import io.github.osbsdk.broker.core.internal.schema.SchemaCheckFailure;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Runs one SDK endpoint and turns every failure into an OSB error response right there, so the
 * SDK needs no global exception mapper and a host application's own resources keep their
 * container's (or their own) error handling. An unavailable store or provider, which fails every
 * request alike, is logged at WARN at most once per {@link RequestLogLimits#INTERVAL} and kind;
 * a provider that fails (an unexpected exception, a 5xx) at ERROR at most once per interval,
 * operation and exception class ({@link RequestErrorLog}), so that a provider failing under load
 * does not flood the log and one failing path does not hide another. An answer whose failure was
 * logged where it was found ({@link RequestErrorLog#loggedInternalError}, or a
 * {@link RequestErrorLog#logged} 503 of an executor that refused the work) is not logged again.
 */
final class Endpoint {
  private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);

  private Endpoint() {}

  /** Logs that a broker resource ran without the broker's filters (a misconfiguration). */
  private static void filtersMissing(BrokerServices s) {
    s.logLimits().errors().error(LOG, "filters missing", null, "Broker resources called without"
        + " the broker's filters; register every singleton of Broker.singletons() or"
        + " Broker.application(){}");
  }

  /**
   * Runs an endpoint that takes no request body.
   *
   * @param operation the endpoint's name, for the log (e.g. {@code "provision"})
   */
  static Response run(BrokerServices s, String operation, SecurityContext security,
      Function<RequestContext, Response> endpoint) {
    if (!(security != null && security.getUserPrincipal() instanceof RequestPrincipal p)) {
      filtersMissing(s);
      return s.errors().of(500, ErrorResponses.internalDescription(null));
    }
    RequestContext ctx = p.context();
    return run(s, operation, ctx, () -> endpoint.apply(ctx));
  }

  /**
   * Answers {@code OPTIONS} on one of the SDK's paths itself, alike in every container: Jersey and
   * RESTEasy listed the methods of the matched resource with a body of their own (WADL, text),
   * CXF those of every SDK resource. Authenticated like every other call.
   *
   * @param security the request's security context, set by the broker's filters
   * @param allow the methods the path serves, for {@code Allow}
   * @return 200 with {@code Allow} and no body
   */
  static Response options(BrokerServices s, SecurityContext security, String allow) {
    return run(s, "options", security,
        ctx -> Response.ok().header(HttpHeaders.ALLOW, allow).build());
  }

  /**
   * Runs an endpoint that takes a request body: the context comes with the body (see
   * {@link RequestBodyReader}).
   *
   * @param operation the endpoint's name, for the log (e.g. {@code "provision"})
   * @param body the body, null when the container read none
   */
  static Response run(BrokerServices s, String operation, RequestBody body,
      Function<RequestContext, Response> endpoint) {
    RequestContext ctx = body == null ? null : body.context();
    if (ctx == null) {
      if (body == null || body.isEmpty() || body.failed()) {
        // Containers skip reader interceptors (or the reader) for an empty body, so its
        // context cannot come with it: answer the body's own error (400/413), which needs no
        // context and calls nothing. A readable body without a context means the broker's
        // filters did not run: 500 below.
        try {
          (body == null ? RequestBody.of(new byte[0]) : body).object(s.bodies());
        } catch (ServiceBrokerException e) {
          return s.errors().of(e);
        }
      }
      filtersMissing(s);
      return s.errors().of(500, ErrorResponses.internalDescription(null));
    }
    return run(s, operation, ctx, () -> endpoint.apply(ctx));
  }

  static Response run(BrokerServices s, String operation, RequestContext ctx,
      Supplier<Response> endpoint) {
    ErrorResponses errors = s.errors();
    RequestErrorLog errorLog = s.logLimits().errors();
    RequestCalls.Scope held = s.runner().calls().enter();
    try {
      return endpoint.get();
    } catch (ServiceBrokerException e) {
      if (!ErrorResponses.isErrorStatus(e.status())) {
        errorLog.error(LOG, operation + " status " + e.status(), e, "Request {}: ServiceBroker"
            + " implementation error: a ServiceBrokerException answered status {} (an error is"
            + " 400-599){}", ctx.requestId(), e.status());
        return errors.of(500, ErrorResponses.internalDescription(ctx.requestId()));
      }
      if (RequestErrorLog.loggedAlready(e)) {
        LOG.debug("Answering {} (logged above)", e.status());
      } else if (e.status() >= 500) {
        errorLog.error(LOG, answeredKind(operation, e), e.getCause(), "Request {} answered {}:"
            + " {}{}", ctx.requestId(), e.status(), LogText.quote(e.getMessage()));
      } else {
        LOG.debug("Answering {}: {}", e.status(), LogText.quote(e.getMessage()));
      }
      return errors.of(e);
    } catch (StoreUnavailableException e) {
      warn(s.logLimits().storeUnavailable(), "Request {}: the state store is unavailable: {}{}",
          ctx.requestId(), e.getMessage());
      return unavailable(errors, "The service broker's state store is unavailable; please try"
          + " again later.");
    } catch (TemporarilyUnavailableException e) { // the provider's "not now"
      warn(s.logLimits().providerUnavailable(), "Request {}: the provider is temporarily"
          + " unavailable: {}{}", ctx.requestId(), LogText.quote(e.getMessage()));
      return errors.unavailable(e, "The service is temporarily unavailable; please try again"
          + " later.");
    } catch (Exception | Error e) { // NOPMD: provider code may throw anything, even undeclared
      // checked exceptions (a provider in Kotlin)
      TemporarilyUnavailableException unavailable = StepRetries.unavailable(e);
      if (unavailable != null) {
        // wrapped ("new RuntimeException(e)", a future's CompletionException): the same "not
        // now" as thrown directly, by the rule that makes a step run again
        return run(s, operation, ctx, () -> {
          throw unavailable;
        });
      }
      errorLog.error(LOG, RequestErrorLog.kind(operation, e), e,
          "Request {} failed unexpectedly in {}{}", ctx.requestId(), where(operation, e));
      return errors.of(500, ErrorResponses.internalDescription(ctx.requestId()));
    } finally {
      held.close();
    }
  }

  /**
   * Where an unexpected failure happened, for its ERROR line: the operation, or the SDK's own
   * check of the parameters (a {@link SchemaCheckFailure}), which is not the provider's failure.
   *
   * @param operation the operation
   * @param failure the failure
   * @return e.g. {@code provision}, or {@code the SDK's check of the parameters of provision,
   *     before the provider was called}
   */
  static String where(String operation, Throwable failure) {
    return failure instanceof SchemaCheckFailure ? "the SDK's check of the parameters of "
        + operation + ", before the provider was called" : operation;
  }

  /**
   * The kind of a 5xx {@link ServiceBrokerException}'s ERROR line: where, status and cause.
   *
   * @param where the operation
   * @param e the exception
   * @return the kind
   */
  static String answeredKind(String where, ServiceBrokerException e) {
    return where + " " + e.status() + (e.getCause() == null ? ""
        : " " + e.getCause().getClass().getName());
  }

  /** Logs a WARN its limiter lets through (else DEBUG); the format ends with the note's {}. */
  private static void warn(LogLimiter limiter, String format, String requestId, String message) {
    LogLimiter.Decision d = limiter.tryLog();
    LOG.atLevel(d.logs() ? Level.WARN : Level.DEBUG).log(format, requestId, message, d.note());
  }

  /**
   * A 503, with {@code Retry-After} as every 503 ({@link ErrorResponses}): the platform may send
   * the request again.
   */
  private static Response unavailable(ErrorResponses errors, String description) {
    return errors.of(503, description);
  }
}

package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.TemporarilyUnavailableException;
import io.github.osbsdk.broker.api.internal.LogLimiter;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
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
 * request alike, is logged at WARN at most once per {@link RequestLogLimits#INTERVAL} and kind.
 */
final class Endpoint {
  private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);
  /** {@code Retry-After} of a 503 for an unavailable store. */
  static final int STORE_RETRY_AFTER_SECONDS = 5;

  private Endpoint() {}

  /**
   * The context of a broker request, read from the request's own security context (set by the
   * broker's filters).
   *
   * @param security the request's security context
   * @return the request context
   * @throws IllegalStateException when the broker's filters did not run (a misconfiguration)
   */
  private static RequestContext context(SecurityContext security) {
    if (security != null && security.getUserPrincipal() instanceof RequestPrincipal p) {
      return p.context();
    }
    filtersMissing();
    throw new IllegalStateException("the broker's filters did not run");
  }

  /** Logs that a broker resource ran without the broker's filters (a misconfiguration). */
  private static void filtersMissing() {
    LOG.error("Broker resources called without the broker's filters; register every singleton"
        + " of Broker.singletons() or Broker.application()");
  }

  static Response run(BrokerServices s, SecurityContext security,
      Function<RequestContext, Response> endpoint) {
    RequestContext ctx;
    try {
      ctx = context(security);
    } catch (IllegalStateException e) {
      return s.errors().of(500, ErrorResponses.internalDescription(null));
    }
    return run(s, ctx, () -> endpoint.apply(ctx));
  }

  /**
   * Runs an endpoint that takes a request body: the context comes with the body (see
   * {@link RequestBodyReader}).
   *
   * @param body the body, null when the container read none
   */
  static Response run(BrokerServices s, RequestBody body,
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
      filtersMissing();
      return s.errors().of(500, ErrorResponses.internalDescription(null));
    }
    return run(s, ctx, () -> endpoint.apply(ctx));
  }

  static Response run(BrokerServices s, RequestContext ctx, Supplier<Response> endpoint) {
    ErrorResponses errors = s.errors();
    try {
      return endpoint.get();
    } catch (ServiceBrokerException e) {
      if (!ErrorResponses.isErrorStatus(e.status())) {
        LOG.error("Request {}: ServiceBroker implementation error: a ServiceBrokerException"
            + " answered status {} (an error is 400-599)", ctx.requestId(), e.status(), e);
        return errors.of(500, ErrorResponses.internalDescription(ctx.requestId()));
      }
      if (e.status() >= 500) {
        LOG.error("Request {} answered {}: {}", ctx.requestId(), e.status(),
            LogText.quote(e.getMessage()), e.getCause());
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
      return unavailable(errors, "The service is temporarily unavailable; please try again"
          + " later.");
    } catch (Exception | Error e) { // NOPMD: provider code may throw anything, even undeclared
      // checked exceptions (a provider in Kotlin)
      TemporarilyUnavailableException unavailable = StepRetries.unavailable(e);
      if (unavailable != null) {
        // wrapped ("new RuntimeException(e)", a future's CompletionException): the same "not
        // now" as thrown directly, by the rule that makes a step run again
        return run(s, ctx, () -> {
          throw unavailable;
        });
      }
      LOG.error("Request {} failed unexpectedly", ctx.requestId(), e);
      return errors.of(500, ErrorResponses.internalDescription(ctx.requestId()));
    }
  }

  /** Logs a WARN its limiter lets through (else DEBUG); the format ends with the note's {}. */
  private static void warn(LogLimiter limiter, String format, String requestId, String message) {
    LogLimiter.Decision d = limiter.tryLog();
    LOG.atLevel(d.logs() ? Level.WARN : Level.DEBUG).log(format, requestId, message, d.note());
  }

  /** A 503 with {@code Retry-After}: the platform may send the request again. */
  private static Response unavailable(ErrorResponses errors, String description) {
    return Response.fromResponse(errors.of(503, description))
        .header("Retry-After", STORE_RETRY_AFTER_SECONDS).build();
  }
}

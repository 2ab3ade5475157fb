package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.internal.KeyedLogLimiter;
import io.github.osbsdk.broker.api.internal.LogLimiter;
import io.github.osbsdk.broker.core.auth.Authenticator;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Authenticates every broker request with the configured {@link Authenticator}; fails closed. A
 * refused caller is logged at INFO at most once per {@link RequestLogLimits#INTERVAL} and status
 * (anyone can send requests without valid credentials: their 401s must not hide a platform
 * caller refused with 403), the others at DEBUG and counted in the next; an authenticator that
 * crashes logs at ERROR once per interval and exception class ({@link RequestErrorLog}).
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {
  private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFilter.class);
  private final Authenticator authenticator;
  private final ErrorResponses errors;
  private final KeyedLogLimiter<Integer> refusals;
  private final RequestErrorLog crashes;

  /**
   * @param authenticator the authenticator, null in insecure development mode
   * @param errors error bodies
   * @param limits limits the lines of refused callers and of an authenticator that crashes
   */
  public AuthenticationFilter(Authenticator authenticator, ErrorResponses errors,
      RequestLogLimits limits) {
    this.authenticator = authenticator;
    this.errors = errors;
    this.refusals = limits.callerRefused();
    this.crashes = limits.errors();
  }

  @Override
  public void filter(ContainerRequestContext request) {
    RequestState state = RequestState.of(request);
    if (state == null || authenticator == null) {
      return;
    }
    String authorization = HeaderKeys.value(request, HeaderKeys.AUTHORIZATION);
    try {
      AuthenticatedCaller caller = authenticator.authenticate(authorization);
      if (caller == null) {
        throw Authenticator.unauthorized("Authentication failed.");
      }
      state.caller = caller;
    } catch (ServiceBrokerException e) {
      LogLimiter.Decision d = refusals.of(e.status()).tryLog();
      LOG.atLevel(d.logs() ? Level.INFO : Level.DEBUG).log("Request {} refused: {} {}{}",
          state.requestId, e.status(), LogText.quote(e.description()), d.note());
      Response.ResponseBuilder r = Response.fromResponse(errors.of(e));
      if (e.status() == 401) {
        r.header(HttpHeaders.WWW_AUTHENTICATE, authenticator.challenge(authorization, e));
      }
      request.abortWith(r.build());
    } catch (Exception e) { // also an undeclared checked one (an authenticator in Kotlin)
      crashes.error(LOG, RequestErrorLog.kind("authenticator", e), e,
          "Request {}: authenticator failed unexpectedly; refusing the request{}",
          state.requestId);
      request.abortWith(errors.of(500, ErrorResponses.internalDescription(state.requestId)));
    }
  }
}

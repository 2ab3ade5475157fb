package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.internal.KeyedLogLimiter;
import io.github.osbsdk.broker.api.internal.LogLimiter;
import java.time.Clock;
import java.time.Duration;

/**
 * The limiters of the request-path log lines that a client or a broken dependency can cause on
 * every request, one per kind, shared by one broker's filters and endpoints: each kind logs at
 * its level at most once per {@link #INTERVAL}, the requests in between at DEBUG (with their
 * request ids), counted in the next line. Per-request DEBUG lines are not limited.
 *
 * @param storeUnavailable requests answered 503 because the state store is unavailable
 * @param providerUnavailable requests answered 503 because the provider said "not now"
 * @param callerRefused requests whose caller the authenticator refused, per status (401, 403):
 *     anonymous 401s never hide a refused platform caller's 403
 * @param errors requests answered 500 because something failed that never should (the
 *     provider, the authenticator, the set-up), at ERROR per kind of failure
 */
public record RequestLogLimits(LogLimiter storeUnavailable, LogLimiter providerUnavailable,
    KeyedLogLimiter<Integer> callerRefused, RequestErrorLog errors) {
  /** The least time between two lines of one kind. */
  public static final Duration INTERVAL = Duration.ofMinutes(1);

  /**
   * A broker's limiters.
   *
   * @param clock the clock the interval is measured on
   * @return fresh limiters
   */
  public static RequestLogLimits on(Clock clock) {
    return new RequestLogLimits(new LogLimiter(INTERVAL, clock), new LogLimiter(INTERVAL, clock),
        new KeyedLogLimiter<>(INTERVAL, clock), new RequestErrorLog(INTERVAL, clock));
  }
}

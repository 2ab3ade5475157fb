package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.api.internal.LogLimiter;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a sender logs the usage API's 401s. A first 401 (a token revoked before its expiry, e.g.
 * after the API key was rotated) asks for a new token and heals itself: INFO, and INFO again
 * when an answer other than 401 follows. A 401 that comes back for a request sent after that
 * (a new token refused too, or none issued: a wrong API key, a service ID without access) is a
 * misconfiguration someone must fix while records pile up: WARN, at most once every
 * {@link #WARN_EVERY} (DEBUG in between, counted in the next WARN). Used on the sender's thread
 * only; never logs a token.
 */
final class TokenRefusals {
  private static final Logger LOG = LoggerFactory.getLogger(UsageSender.class);
  /** The shortest time between two WARN lines of a 401 that persists. */
  static final Duration WARN_EVERY = Duration.ofMinutes(5);

  private final LogLimiter warnings;
  private String refusedToken; // the last refused token while no other answer came since
  private long refusedAtNanos; // when the first 401 of this run was handled

  TokenRefusals(Clock clock) {
    this.warnings = new LogLimiter(WARN_EVERY, clock);
  }

  /**
   * A 401 for a batch.
   *
   * @param token the token the batch was sent with
   * @param postedNanos when the batch was sent ({@link System#nanoTime()})
   * @param records the batch's size
   */
  void refused(String token, long postedNanos, int records) {
    boolean persists = refusedToken != null
        && (!refusedToken.equals(token) || postedNanos - refusedAtNanos > 0);
    if (!persists) {
      if (refusedToken == null) {
        refusedToken = token;
        refusedAtNanos = System.nanoTime();
      }
      LOG.info("usage API answered HTTP 401 for a batch of {}: the token was refused before its"
          + " expiry (e.g. the API key was rotated); a new one is asked for and the records are"
          + " retried", records);
      return;
    }
    refusedToken = token;
    String message = "usage API answered HTTP 401 for a batch of {} again after the token was"
        + " renewed: check the service ID's API key and its access to the metering API; records"
        + " are kept and retried (logged at most every " + WARN_EVERY.toMinutes() + " min){}";
    LogLimiter.Decision d = warnings.tryLog();
    if (d.logs()) {
      LOG.warn(message, records, d.note());
    } else {
      LOG.debug(message, records, "");
    }
  }

  /** An answer other than 401: a refusal before it healed itself. */
  void answered() {
    if (refusedToken != null) {
      refusedToken = null;
      LOG.info("usage API accepted the renewed token after a 401");
    }
  }
}

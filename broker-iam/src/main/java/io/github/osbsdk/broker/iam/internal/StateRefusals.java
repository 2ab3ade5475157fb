package io.github.osbsdk.broker.iam.internal;

import io.github.osbsdk.broker.api.internal.KeyedLogLimiter;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs why a dashboard sign-in callback's {@code state} was refused, which the browser only sees
 * as "The sign-in request is not valid.": at WARN, at most once per {@link #WARN_EVERY} for each
 * cause (DEBUG in between, counted in the next line), so a cause repeated on every callback never
 * floods the log nor hides another. The most common cause is replicas that do not share one
 * {@code SsoKeyStore}; the line says what to do about it. Never logs the state itself.
 */
final class StateRefusals {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardResource.class);
  /** The shortest time between two WARN lines of one cause. */
  static final Duration WARN_EVERY = Duration.ofMinutes(1);

  /** Why a state was refused. */
  enum Cause {
    /** The callback came without a state, or with one too long or not of our form. */
    MALFORMED,
    /** Of our form, but signed with none of this replica's keys. */
    UNKNOWN_KEY,
    /** Signed with one of our keys, but its payload is not a sign-in state. */
    UNREADABLE,
    /**
     * Signed with none of the keys cached, and no sign-in this browser could complete (not a
     * sign-in state, another browser's, expired, or expiring later than any made now): junk,
     * refused without asking the key store again.
     */
    NOT_STARTED_HERE
  }

  private final KeyedLogLimiter<Cause> warnings;

  StateRefusals(Clock clock) {
    this.warnings = new KeyedLogLimiter<>(WARN_EVERY, clock);
  }

  /**
   * Logs a refused state; the cause comes from {@link SignInState#check}, which read the key
   * store once, so logging it reads nothing more.
   *
   * @param cause why it was refused
   */
  void refused(Cause cause) {
    switch (cause) {
      // anyone can send these: never above DEBUG
      case NOT_STARTED_HERE -> LOG.debug("dashboard sign-in refused (400): its state is signed"
          + " with none of the keys cached and is no sign-in this browser could complete");
      case UNKNOWN_KEY -> LimitedLog.log(LOG, warnings.of(cause), Level.WARN, "dashboard sign-in"
          + " refused (400): its state was signed with a key this broker's SsoKeyStore does not"
          + " hold. Another replica started the sign-in, or the keys changed since (a restart"
          + " with the default in-memory SsoKeyStore); give every replica one shared SsoKeyStore"
          + " (DashboardSso.builder(...).keyStore(...), e.g. broker-store-jdbc's"
          + " PostgresSsoKeyStore)");
      case MALFORMED -> LimitedLog.log(LOG, warnings.of(cause), Level.WARN, "dashboard sign-in"
          + " refused (400): the callback's state is missing or not one this broker issues (a"
          + " truncated or hand-made callback URL)");
      default -> LimitedLog.log(LOG, warnings.of(cause), Level.WARN, "dashboard sign-in"
          + " refused (400): its state is signed with this broker's SsoKeyStore but is not a"
          + " sign-in state (issued by another version of the SDK?)");
    }
  }
}

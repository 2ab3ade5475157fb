package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.api.internal.LogLimiter;
import io.github.osbsdk.broker.api.internal.LogValues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a failure that a retry loop meets again on every round while the outbox is down (its
 * database unreachable, or its tables missing): the first failure at WARN, then at most one WARN
 * every {@link #WARN_EVERY} with the count of those held back since (DEBUG in between). After the
 * outbox answers again ({@link #answered()}), the next failure is a new outage and logs at once.
 *
 * <p>The interval is measured on the clock of the loop that fails (the meter's, the reporter's),
 * so that a test's clock paces it too; a clock stepped back lets the next line through at once
 * ({@link LogLimiter}), so a step never silences an outage.
 */
final class OutageWarnings {
  /** The shortest time between two WARN lines of one outage. */
  static final Duration WARN_EVERY = Duration.ofMinutes(1);

  private final Logger log;
  private final LogLimiter warnings;

  /**
   * Creates the warnings of one kind of failure.
   *
   * @param log the logger
   * @param clock the clock the interval is measured on
   */
  OutageWarnings(Logger log, Clock clock) {
    this.log = log;
    this.warnings = new LogLimiter(WARN_EVERY, clock);
  }

  /**
   * Creates the warnings of one kind of failure, on a clock read in epoch milliseconds.
   *
   * @param log the logger
   * @param millis the clock the interval is measured on, e.g. the meter's
   */
  OutageWarnings(Logger log, LongSupplier millis) {
    this(log, millisClock(millis));
  }

  /**
   * A UTC clock read in epoch milliseconds, e.g. the meter's, for a {@code LogLimiter}.
   *
   * @param millis the time in epoch milliseconds
   * @return the clock
   */
  static Clock millisClock(LongSupplier millis) {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a clock of epoch milliseconds only");
      }

      @Override
      public long millis() {
        return millis.getAsLong();
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(millis());
      }
    };
  }

  /**
   * Logs a failure.
   *
   * @param what what failed and what comes next, e.g. "usage sender: outbox failed, retrying"
   * @param error the failure; its class and its message, quoted and escaped
   *     ({@link LogValues#quoteMessage}), are logged, not its stack trace: a driver's message
   *     may repeat outside text, line breaks included
   */
  void failed(String what, RuntimeException error) {
    LogLimiter.Decision d = warnings.tryLog();
    if (d.logs()) {
      log.warn("{}: {} (logged at most every {} s while it lasts){}", what,
          LogValues.quoteMessage(error), WARN_EVERY.toSeconds(), d.note());
    } else if (log.isDebugEnabled()) {
      log.debug("{}: {}", what, LogValues.quoteMessage(error));
    }
  }

  /** The outbox answered: the next failure is logged at once. */
  void answered() {
    warnings.reset();
  }
}

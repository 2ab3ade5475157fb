package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.api.internal.LogLimiter;
import io.github.osbsdk.broker.api.internal.LogValues;
import io.github.osbsdk.broker.metering.MeterCount;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when counts that wait in a meter's memory, not in the outbox, near the deadline of their
 * window's month, as {@link SubmissionDeadlines} does for the records the sender claims: counts
 * the outbox does not take (its merges fail) or refused while it cannot tell whether their
 * instance ended; and the counts the outbox holds for that reason while it fails to release
 * them. They are no records yet, so the sender never sees them; once the month's
 * deadline passes they are not billed. The same rule: the window ended over
 * {@link SubmissionDeadlines#STUCK_AFTER} ago and less than {@link SubmissionDeadlines#WARN_BEFORE}
 * is left; at most one WARN line every {@link SubmissionDeadlines#WARN_EVERY} on the meter's
 * clock, with the count held back. Ticker thread only.
 */
final class WaitingCountDeadlines {
  /** The logger of the ticker, whose counts wait. */
  private static final Logger LOG = LoggerFactory.getLogger(MeterTicker.class);

  private final LogLimiter warnings;

  /**
   * Creates the warnings of one meter.
   *
   * @param clock the meter's clock in epoch milliseconds, which paces the lines
   */
  WaitingCountDeadlines(LongSupplier clock) {
    this.warnings = new LogLimiter(SubmissionDeadlines.WARN_EVERY,
        OutageWarnings.millisClock(clock));
  }

  /**
   * Warns of the waiting counts whose window ended over {@code STUCK_AFTER} ago and whose
   * deadline is less than {@code WARN_BEFORE} away (or passed).
   *
   * @param waiting the counts waiting in memory (and held by the outbox, not released)
   * @param now the meter's time
   */
  void check(List<MeterCount> waiting, Instant now) {
    MeterCount first = null;
    int near = 0;
    for (MeterCount c : waiting) {
      if (SubmissionDeadlines.nearing(c.windowStart(), c.windowEnd(), now)) {
        near++;
        if (first == null) {
          first = c;
        }
      }
    }
    if (first == null) {
      return;
    }
    Instant deadline = SubmissionDeadlines.deadlineOf(first.windowStart());
    LogLimiter.Decision d = warnings.tryLog();
    String what = now.isBefore(deadline) ? "must reach IBM by " : "was due at IBM by ";
    if (d.logs()) {
      LOG.warn("usage meter: {} count(s) still in memory, or held by the outbox, not billed (its"
          + " merges fail, or it cannot tell whether their instance ended), e.g. {} {} {} in"
          + " {}..{}: a month's"
          + " usage {}{}, or it is not billed; check the meter's other warnings (logged at most"
          + " every {} h){}", near, LogValues.quote(first.resourceInstanceId()),
          LogValues.quote(first.planId()), LogValues.quote(first.measure()),
          first.windowStart(), first.windowEnd(), what, deadline,
          SubmissionDeadlines.WARN_EVERY.toHours(), d.note());
    } else {
      LOG.debug("usage meter: {} count(s) in memory near their deadline ({})", near, deadline);
    }
  }
}

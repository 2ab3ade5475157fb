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
   * deadline is less than {@code WARN_BEFORE} away (or passed). The line tells those in this
   * meter's memory from those the outbox holds: an outbox shared by several meters (replicas)
   * holds any meter's, and every meter on it sees them.
   *
   * @param inMemory the counts waiting in this meter's memory
   * @param held the counts the outbox holds that wait (not released)
   * @param now the meter's time
   */
  void check(List<MeterCount> inMemory, List<MeterCount> held, Instant now) {
    MeterCount first = null;
    int nearInMemory = 0;
    int nearHeld = 0;
    for (List<MeterCount> waiting : List.of(inMemory, held)) {
      for (MeterCount c : waiting) {
        if (SubmissionDeadlines.nearing(c.windowStart(), c.windowEnd(), now)) {
          if (waiting == inMemory) {
            nearInMemory++;
          } else {
            nearHeld++;
          }
          first = first == null ? c : first;
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
      LOG.warn("usage meter: {} count(s) not billed: {} in this meter's memory (its merges fail,"
          + " or the outbox cannot tell whether their instance ended), {} held by the outbox,"
          + " which all meters sharing it see (whose release fails, or whose record this meter"
          + " cannot build), e.g. {} {} {} in {}..{}: a month's usage {}{}, or it is not billed;"
          + " check the meters' other warnings (logged at most every {} h){}",
          nearInMemory + nearHeld, nearInMemory, nearHeld,
          LogValues.quote(first.resourceInstanceId()), LogValues.quote(first.planId()),
          LogValues.quote(first.measure()), first.windowStart(), first.windowEnd(), what,
          deadline, SubmissionDeadlines.WARN_EVERY.toHours(), d.note());
    } else {
      LOG.debug("usage meter: {} count(s) waiting near their deadline ({})",
          nearInMemory + nearHeld, deadline);
    }
  }
}

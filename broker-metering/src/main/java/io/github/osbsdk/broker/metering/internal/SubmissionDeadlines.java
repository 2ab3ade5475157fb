package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.api.internal.LogLimiter;
import io.github.osbsdk.broker.api.internal.LogValues;
import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when a record that IBM has not taken yet nears the deadline of its month: a month's
 * usage must reach IBM by the second day of the next month (read strictly: before that day
 * begins, UTC); later it is not billed, lost income. A record is warned of when it is stuck: a
 * send of it failed (it is claimed again, {@link ClaimedUsage#attempts()} above 0), or the
 * sender leaves it to another one (its plan is not among the sender's metered plans, which
 * counts no attempt: it may go round the senders sharing the outbox until none is left that
 * meters it), and its window ended over {@link #STUCK_AFTER} ago (a healthy sender takes
 * seconds), and less than {@link #WARN_BEFORE} is left, so that an operator sees a stuck
 * outbox (IBM refusing the token, down, throttling, or no replica metering the plan) while
 * there is still time; at most one WARN line every {@link #WARN_EVERY}, with the count held
 * back (DEBUG in between). Sender thread only.
 */
final class SubmissionDeadlines {
  /** The logger of the sender, whose claims are checked. */
  private static final Logger LOG = LoggerFactory.getLogger(UsageSender.class);
  /** How long before its deadline a record still waiting is warned of. */
  static final Duration WARN_BEFORE = Duration.ofDays(1);
  /** How long after its window's end a record still waiting after a failed send is stuck. */
  static final Duration STUCK_AFTER = Duration.ofHours(6);
  /** The shortest time between two WARN lines. */
  static final Duration WARN_EVERY = Duration.ofHours(1);

  private final LogLimiter warnings;

  /**
   * Creates the warnings of one sender.
   *
   * @param clock the sender's clock, which paces the lines
   */
  SubmissionDeadlines(Clock clock) {
    this.warnings = new LogLimiter(WARN_EVERY, clock);
  }

  /**
   * Returns the time by which IBM must have a record's usage: the start of the second day of
   * the month after the one its window starts in, UTC.
   *
   * @param r the record
   * @return the deadline
   */
  static Instant deadlineOf(UsageRecord r) {
    return deadlineOf(r.start());
  }

  /**
   * Returns the time by which IBM must have the usage of a window starting at {@code start}.
   *
   * @param start the window's (or record's) start
   * @return the deadline
   */
  static Instant deadlineOf(Instant start) {
    LocalDate month = start.atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
    return month.plusMonths(1).withDayOfMonth(2).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /**
   * Tells whether usage not yet taken by IBM is to be warned of: its window ended over
   * {@link #STUCK_AFTER} ago and its deadline is less than {@link #WARN_BEFORE} away (or passed).
   *
   * @param start the window's (or record's) start
   * @param end its end
   * @param now the current time
   * @return true to warn
   */
  static boolean nearing(Instant start, Instant end, Instant now) {
    return !now.isBefore(deadlineOf(start).minus(WARN_BEFORE))
        && !now.isBefore(end.plus(STUCK_AFTER));
  }

  /**
   * Warns of the claimed records that are stuck (a send failed, or the sender leaves them to
   * another one; the window ended over {@link #STUCK_AFTER} ago) and whose deadline is less
   * than {@link #WARN_BEFORE} away (or passed).
   *
   * @param claimed the records of a claim
   * @param left tells the records the sender leaves to another one (their plan is not its own)
   * @param now the sender's time
   */
  void check(List<ClaimedUsage> claimed, Predicate<ClaimedUsage> left, Instant now) {
    ClaimedUsage first = null;
    int near = 0;
    for (ClaimedUsage c : claimed) {
      boolean stuck = c.attempts() > 0 || left.test(c);
      if (stuck && nearing(c.record().start(), c.record().end(), now)) {
        near++;
        if (first == null) {
          first = c;
        }
      }
    }
    if (first == null) {
      return;
    }
    UsageRecord r = first.record();
    Instant deadline = deadlineOf(r);
    LogLimiter.Decision d = warnings.tryLog();
    String what = now.isBefore(deadline) ? "must reach IBM by " : "was due at IBM by ";
    if (d.logs()) {
      LOG.warn("usage sender: {} record(s) still not taken by IBM after failed sends (or left"
          + " for a sender that meters their plan), e.g. {} {} in {}..{} ({}): a month's usage"
          + " {}{}, or it is not billed; check the sender's other warnings (logged at most every"
          + " {} h){}", near,
          LogValues.quote(r.resourceInstanceId()), LogValues.quote(r.planId()), r.start(),
          r.end(), tries(first), what, deadline, WARN_EVERY.toHours(), d.note());
    } else {
      LOG.debug("usage sender: {} record(s) near their deadline ({})", near, deadline);
    }
  }

  /**
   * Says how often a record was tried: a record left to another sender may never have been
   * sent, which "0 attempt(s)" told badly.
   */
  private static String tries(ClaimedUsage c) {
    return c.attempts() == 0 ? "never sent: left for a sender that meters its plan"
        : c.attempts() + " attempt(s)";
  }
}

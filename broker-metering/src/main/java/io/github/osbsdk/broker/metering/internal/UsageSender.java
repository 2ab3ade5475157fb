package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.MeteredPlan;
import io.github.osbsdk.broker.metering.internal.BatchPost.InFlight;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox on one daemon thread: claim due records, group them by resource id into
 * batches of at most {@value #MAX_BATCH}, POST the batches of a claim in parallel and act on each
 * record's status ({@link BatchOutcomes}, on this thread), each on its own ({@link ClaimAnswers}).
 * Never logs the token.
 */
public final class UsageSender implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(UsageSender.class);
  /** IBM's limit of records per request. */
  public static final int MAX_BATCH = 100;
  static final Duration FLUSH_POLL = Duration.ofMillis(50);
  /**
   * The longest answer read: IBM answers a batch of {@value #MAX_BATCH} records with one short
   * status each, a few tens of kilobytes; anything longer is no answer to use.
   */
  static final int MAX_ANSWER_BYTES = 1 << 20;

  private final SenderSettings settings;
  private final BatchPost poster;
  private final BatchOutcomes outcomes;
  private final Object signal = new Object();
  private boolean workSignalled; // guarded by signal
  private volatile Instant flushDeadline; // set once by close()
  /**
   * When records this sender put back in the outbox come due, earliest first: those held until
   * their end and, on a non-durable outbox, those in backoff. Times not after the last claim are
   * dropped at each claim: those records were claimed then, or are gone (sender thread only).
   */
  private final PriorityQueue<Instant> comingDue = new PriorityQueue<>();
  /** The records a non-durable outbox still held when the sender stopped. */
  private volatile long lost;
  /** Null while the outbox answers the sender's calls. */
  private volatile OutboxFailure outboxFailure;
  /** The WARN lines of an outbox that keeps failing (sender thread only). */
  private final OutageWarnings outboxWarnings;
  /** The WARN lines of prunes that keep failing (sender thread only). */
  private final OutageWarnings pruneWarnings;
  /** The WARN lines of records that near their month's deadline (sender thread only). */
  private final SubmissionDeadlines deadlines;

  /**
   * The outbox's failure, while its calls fail.
   *
   * @param error the last failure
   * @param since when the first of the failing calls in a row failed
   */
  public record OutboxFailure(RuntimeException error, Instant since) {
  }

  /**
   * Creates the sender; run it on a thread of its own.
   *
   * @param settings the settings
   */
  public UsageSender(SenderSettings settings) {
    this.settings = settings;
    this.poster = new BatchPost(settings);
    this.outcomes = new BatchOutcomes(settings, poster, this::flushEnded, this::retrying);
    this.outboxWarnings = new OutageWarnings(LOG, settings.clock());
    this.pruneWarnings = new OutageWarnings(LOG, settings.clock());
    this.deadlines = new SubmissionDeadlines(settings.clock());
  }

  /**
   * Tells whether the sender's last round of outbox calls failed (e.g. its database is down or
   * read-only), and since when they fail.
   *
   * @return the failure, or null while the outbox answers
   */
  public OutboxFailure outboxFailure() {
    return outboxFailure;
  }

  /** Wakes the sender: records were queued. */
  public void wake() {
    synchronized (signal) {
      workSignalled = true;
      signal.notifyAll();
    }
  }

  /**
   * Asks the sender to send what is due until {@code deadline} and then end: it ends as soon as
   * a claim finds nothing due and no record it put back comes due before the deadline. It waits
   * for a record it holds until its end; for a record in backoff after a failed send only on a
   * non-durable outbox, which would lose it (see {@link #lost()}): a durable outbox keeps it for
   * the next start. While the outbox fails it tries again until the deadline.
   *
   * @param deadline the end of the flush
   */
  public void flushAndStop(Instant deadline) {
    flushDeadline = deadline;
    wake();
  }

  @Override
  public void run() {
    while (true) {
      Instant deadline = flushDeadline;
      if (deadline != null && !settings.clock().instant().isBefore(deadline)) {
        break;
      }
      int claimed;
      boolean answered;
      try {
        claimed = sendDue();
        outboxFailure = null;
        outboxWarnings.answered();
        answered = true;
        prune();
      } catch (RuntimeException e) {
        outboxWarnings.failed("usage sender: outbox failed, retrying", e);
        OutboxFailure before = outboxFailure;
        outboxFailure = new OutboxFailure(e,
            before != null ? before.since() : settings.clock().instant());
        claimed = 0;
        answered = false;
      }
      if (claimed == 0) {
        if (deadline != null && answered && !comesDueBefore(deadline)) {
          break; // nothing due: what is left waits out a backoff, or is another sender's
        }
        if (!await(deadline != null ? FLUSH_POLL : settings.pollInterval())) {
          break;
        }
      }
    }
    long left = depth();
    if (left != 0) {
      boolean durable = settings.outbox().durable();
      if (!durable && left > 0) {
        lost = left;
      }
      LOG.warn("usage sender stopped with {} record(s) not yet answered by IBM{}",
          left < 0 ? "an unknown number of" : left,
          durable ? "; they stay in the outbox for the next start" : " (in-memory outbox: lost"
              + " with the process, not billed)");
    }
  }

  /**
   * Returns how many records a non-durable outbox still held when the sender stopped: lost with
   * the process, never billed.
   *
   * @return the number of records; 0 while the sender runs, or when the outbox is durable
   */
  public long lost() {
    return lost;
  }

  /**
   * Tells whether a record this sender put back becomes due before {@code deadline}: held until
   * its end ({@link #holdUntilTheirEnd}), or in backoff on a non-durable outbox.
   */
  private boolean comesDueBefore(Instant deadline) {
    Instant next = comingDue.peek();
    return next != null && next.isBefore(deadline);
  }

  /**
   * Notes the next attempt of records put back after a failed send. Only a non-durable outbox
   * makes a flush wait for them: it loses them when the sender stops, a durable one does not.
   */
  private void retrying(Instant next) {
    if (!settings.outbox().durable()) {
      comingDue.add(next);
    }
  }

  /**
   * Has the outbox forget, at most hourly (the outbox keeps the pace), the delivered keys and
   * instance ends its retention lets go: on this path every reporter runs, with or without a
   * meter, whose window closes prune too. A failure is logged, once a minute while prunes keep
   * failing (they are tried on every poll); the next pass tries again.
   */
  private void prune() {
    try {
      settings.outbox().pruneIfDue(settings.clock().instant());
    } catch (RuntimeException e) {
      pruneWarnings.failed("usage sender: pruning the outbox's delivered keys failed", e);
      return;
    }
    pruneWarnings.answered();
  }

  /** The outbox depth, or -1 when the outbox fails (e.g. its database is down). */
  private long depth() {
    try {
      return settings.outbox().depth();
    } catch (RuntimeException e) {
      outboxWarnings.failed("usage sender: outbox failed, its depth is unknown", e);
      return -1;
    }
  }

  private boolean await(Duration wait) {
    synchronized (signal) {
      if (!workSignalled) {
        try {
          signal.wait(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      workSignalled = false;
      return true;
    }
  }

  /**
   * Claims due records once and sends them; returns how many were claimed. The batches of one
   * claim are posted in parallel (so a slow or distant metering API costs one round trip per
   * claim, not one per batch), their answers are handled on this thread, each on its own (an
   * outbox call that fails for one record holds back no other), and the records delivered are
   * removed from the outbox in one call; then an outbox failure met on the way is thrown.
   */
  int sendDue() {
    Instant now = settings.clock().instant();
    List<ClaimedUsage> claimed = settings.outbox().claim(settings.owner(), settings.claimSize(),
        now, settings.lease());
    // a record of a plan this sender does not meter is left below, unsent: it counts no attempt
    deadlines.check(claimed, c -> settings.plans().plan(c.record().planId()).isEmpty(), now);
    while (!comingDue.isEmpty() && !comingDue.peek().isAfter(now)) {
      comingDue.poll(); // due at this claim: claimed by it, or gone (sent, or another sender's)
    }
    Instant leaseEnd = now.plus(settings.lease());
    Map<String, List<ClaimedUsage>> byResource = new LinkedHashMap<>();
    Map<Instant, List<String>> early = new LinkedHashMap<>();
    for (ClaimedUsage c : claimed) {
      if (c.record().end().isAfter(now)) {
        // queued by a meter whose clock is ahead of this sender's (another replica, or a meter
        // given its own clock): IBM refuses a record whose end is in the future, for good
        early.computeIfAbsent(c.record().end(), e -> new ArrayList<>()).add(c.key());
        continue;
      }
      MeteredPlan plan = settings.plans().plan(c.record().planId()).orElse(null);
      if (plan == null) {
        // another sender sharing the outbox (e.g. a newer replica during a rolling update) may
        // know the plan: leave the record to it rather than reject usage that can be billed;
        // unsent, it counts no attempt, so it still takes its window's late counts
        outcomes.leave(List.of(c), "plan " + c.record().planId()
            + " is not among this reporter's metered plans");
        continue;
      }
      byResource.computeIfAbsent(plan.resourceId(), r -> new ArrayList<>()).add(c);
    }
    holdUntilTheirEnd(early, now);
    List<InFlight> inFlight = new ArrayList<>();
    for (Map.Entry<String, List<ClaimedUsage>> e : byResource.entrySet()) {
      List<ClaimedUsage> all = e.getValue();
      for (int i = 0; i < all.size(); i += MAX_BATCH) {
        inFlight.add(poster.post(e.getKey(), all.subList(i, Math.min(all.size(), i + MAX_BATCH))));
      }
    }
    ClaimAnswers answers = new ClaimAnswers();
    for (InFlight f : inFlight) {
      outcomes.answer(f, leaseEnd, answers); // each on its own: a failure is noted in answers
    }
    answers.finish(settings.outbox(), settings.owner(), outcomes::notifyListener);
    return claimed.size();
  }

  /**
   * Puts records that end after this sender's clock back in the outbox, due at their end: sent
   * before it, IBM would refuse them as ending in the future (no listener event, and no attempt
   * counted: unsent, they still take their window's late counts).
   */
  private void holdUntilTheirEnd(Map<Instant, List<String>> byEnd, Instant now) {
    for (Map.Entry<Instant, List<String>> e : byEnd.entrySet()) {
      settings.outbox().holdBack(settings.owner(), e.getValue(), e.getKey());
      comingDue.add(e.getKey());
      LOG.info("{} usage record(s) end at {}, after this sender's clock ({}): kept until then",
          e.getValue().size(), e.getKey(), now);
    }
  }

  private boolean flushEnded() {
    Instant deadline = flushDeadline;
    return deadline != null && !settings.clock().instant().isBefore(deadline);
  }
}

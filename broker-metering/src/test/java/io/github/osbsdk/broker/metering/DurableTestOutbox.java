package io.github.osbsdk.broker.metering;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** An in-memory outbox that claims to be durable, standing in for a database across "restarts". */
final class DurableTestOutbox implements UsageOutbox {
  private final InMemoryUsageOutbox delegate = new InMemoryUsageOutbox();
  private volatile boolean down;
  private final AtomicInteger refusedClaims = new AtomicInteger();

  /**
   * Makes the outbox fail every claim, answer and depth, as when its database is down.
   *
   * @param down whether it is down
   */
  void down(boolean down) {
    this.down = down;
  }

  /** @return how many claims failed because the outbox was down */
  int refusedClaims() {
    return refusedClaims.get();
  }

  private volatile long invalid;

  /**
   * Makes the outbox report records set aside as invalid, as a database outbox does for rows
   * edited by hand.
   *
   * @param invalid how many
   */
  void invalid(long invalid) {
    this.invalid = invalid;
  }

  @Override
  public long invalid() {
    up();
    return invalid;
  }

  private void up() {
    if (down) {
      throw new IllegalStateException("database unavailable");
    }
  }

  @Override
  public int append(List<UsageRecord> records) {
    return delegate.append(records);
  }

  @Override
  public List<ClaimedUsage> claim(String owner, int max, Instant now, Duration lease) {
    if (down) {
      refusedClaims.incrementAndGet();
    }
    up();
    return delegate.claim(owner, max, now, lease);
  }

  @Override
  public int markDelivered(String owner, Collection<String> keys) {
    up();
    return delegate.markDelivered(owner, keys);
  }

  private final AtomicInteger refusedRejections = new AtomicInteger();

  /**
   * Makes the next rejections fail (nothing stored), as when the database refuses what one
   * writes.
   *
   * @param rejections how many
   */
  void refuseRejections(int rejections) {
    refusedRejections.set(rejections);
  }

  @Override
  public boolean markRejected(String owner, RejectedUsage rejection) {
    if (refusedRejections.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("rejection refused by the database");
    }
    return delegate.markRejected(owner, rejection);
  }

  @Override
  public int release(String owner, Collection<String> keys, Instant nextAttempt) {
    up();
    return delegate.release(owner, keys, nextAttempt);
  }

  @Override
  public int holdBack(String owner, Collection<String> keys, Instant until) {
    up();
    return delegate.holdBack(owner, keys, until);
  }

  @Override
  public int leave(String owner, Collection<String> keys, Instant othersFrom,
      Instant ownerFrom) {
    up();
    return delegate.leave(owner, keys, othersFrom, ownerFrom);
  }

  @Override
  public Map<String, Instant> leaveToOthers(String owner, Collection<String> keys,
      Instant othersFrom, Instant ownerFrom) {
    up();
    return delegate.leaveToOthers(owner, keys, othersFrom, ownerFrom);
  }

  @Override
  public long rejectedCount() {
    return delegate.rejectedCount();
  }

  @Override
  public long droppedLateCounts() {
    return delegate.droppedLateCounts();
  }

  @Override
  public List<RejectedUsage> rejected(int limit) {
    return delegate.rejected(limit);
  }

  @Override
  public boolean discardRejected(String key) {
    return delegate.discardRejected(key);
  }

  @Override
  public long depth() {
    up();
    return delegate.depth();
  }

  private Boolean nextMergeApplied; // non-null: the next merge's answer is lost
  private int uncertainChecks;

  /**
   * The next merge's answer is lost, as when a database's commit answer is: it throws
   * {@link MergeInDoubtException}, whose outcome is unknown for {@code uncertainChecks} checks.
   *
   * @param applied whether the merge was applied before the answer was lost
   * @param uncertainChecks how many checks fail before the outcome is known
   */
  synchronized void loseNextMergeAnswer(boolean applied, int uncertainChecks) {
    this.nextMergeApplied = applied;
    this.uncertainChecks = uncertainChecks;
  }

  private int failingMerges;

  /**
   * Makes the next merges fail (nothing applied), as while the database is down.
   *
   * @param merges how many
   */
  synchronized void failMerges(int merges) {
    this.failingMerges = merges;
  }

  private int nullMergeAnswers;
  private boolean answerMergesWithNull;

  /**
   * Makes merges store nothing and answer null, as a broken outbox of a user's own: the meter's
   * tick then throws.
   *
   * @param broken whether merges answer null
   */
  synchronized void answerMergesWithNull(boolean broken) {
    this.answerMergesWithNull = broken;
  }

  /** @return how many merges answered null */
  synchronized int nullMergeAnswers() {
    return nullMergeAnswers;
  }

  @Override
  public synchronized List<MeterCount> mergeOpenCounts(List<MeterCount> counts) {
    if (answerMergesWithNull) {
      nullMergeAnswers++;
      return null;
    }
    if (failingMerges > 0) {
      failingMerges--;
      throw new IllegalStateException("database unavailable");
    }
    Boolean applied = nextMergeApplied;
    if (applied == null) {
      return delegate.mergeOpenCounts(counts);
    }
    nextMergeApplied = null;
    List<MeterCount> refused = applied ? delegate.mergeOpenCounts(counts) : List.of();
    throw new MergeInDoubtException("answer lost", null, refused, () -> {
      synchronized (this) {
        if (uncertainChecks > 0) {
          uncertainChecks--;
          throw new IllegalStateException("database still unavailable");
        }
      }
      return applied;
    });
  }

  private int failingCloses;

  /**
   * Makes the next window closes fail (nothing closed), as while the database is down.
   *
   * @param closes how many
   */
  synchronized void failCloses(int closes) {
    this.failingCloses = closes;
  }

  @Override
  public int closeWindows(Instant cutoff, Function<List<MeterCount>, UsageRecord> toRecord) {
    synchronized (this) {
      if (failingCloses > 0) {
        failingCloses--;
        throw new IllegalStateException("database unavailable");
      }
    }
    return delegate.closeWindows(cutoff, toRecord);
  }

  @Override
  public int endInstance(String instanceId, Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    up();
    return delegate.endInstance(instanceId, at, toRecord);
  }

  @Override
  public int endPlan(String instanceId, String planId, Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    up();
    return delegate.endPlan(instanceId, planId, at, toRecord);
  }

  @Override
  public int changePlan(String instanceId, String fromPlanId, String toPlanId, Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    up();
    return delegate.changePlan(instanceId, fromPlanId, toPlanId, at, toRecord);
  }

  @Override
  public Optional<Instant> endedAt(String instanceId) {
    up();
    return delegate.endedAt(instanceId);
  }

  @Override
  public Optional<Instant> endedAt(String instanceId, String planId) {
    up();
    return delegate.endedAt(instanceId, planId);
  }

  @Override
  public List<MeterCount> openCounts() {
    return delegate.openCounts();
  }

  private volatile String pruneFailure;
  private final AtomicInteger failedPrunes = new AtomicInteger();

  /**
   * Makes every prune fail with this message, as an outbox whose retention query is broken.
   *
   * @param message the failure's message, or null for prunes that succeed
   */
  void failPrunes(String message) {
    this.pruneFailure = message;
  }

  /** @return how many prunes failed */
  int failedPrunes() {
    return failedPrunes.get();
  }

  @Override
  public void pruneIfDue(Instant now) {
    String failure = pruneFailure;
    if (failure != null) {
      failedPrunes.incrementAndGet();
      throw new IllegalStateException(failure);
    }
    delegate.pruneIfDue(now);
  }
}

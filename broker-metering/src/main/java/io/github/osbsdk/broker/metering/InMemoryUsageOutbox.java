package io.github.osbsdk.broker.metering;

import io.github.osbsdk.broker.metering.internal.WarnedWhileSo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The default {@link UsageOutbox}: everything in this JVM's memory, shared only by the
 * reporters and meters of this process.
 *
 * <p><b>What it loses.</b> Nothing while the process runs. When the process ends, everything it
 * holds is gone: records not yet answered by IBM (the send backlog, including records waiting
 * for a retry after an outage) and the counts of the open windows (up to one whole window, an
 * hour by default). A graceful {@link UsageReporter#close()} first turns the open windows into
 * records ending at the close time and sends what it can within its flush timeout; a
 * {@code kill -9}, a crash or an expired flush timeout loses the rest, and so the counts it
 * holds ({@link #holdCounts}) while their instance's end was unknown. Use a durable outbox
 * (PostgreSQL) when that matters.
 *
 * <p><b>Memory.</b> It has no bound: while IBM cannot be reached (or refuses every request),
 * it grows by one record per instance, plan and window the meter closes, plus every record
 * {@link UsageReporter#report} queues, until IBM answers or the process ends. Watch
 * {@link #depth()} (the {@code osb.metering.queue.depth} gauge); for outages of days with many
 * instances, use a durable outbox.
 *
 * <p>It also remembers the instances whose metering ended ({@link #endInstance}) and the keys of
 * the records IBM took ({@link #markDelivered}), one small entry each, for the instance-end
 * retention (3 days by default, {@link #InMemoryUsageOutbox(Duration)}) on the clock of the
 * closes ({@link #closeWindows}'s cutoff): a close prunes, at most hourly, an end whose instance
 * ended more than the retention ago and has no open count and no record waiting, and a
 * delivered key whose record ended more than the retention ago and whose instance has no open
 * count of a window starting before that end (a later close could still build its window's
 * record under that key, which then gets a late key: see {@link UsageOutbox#closeWindows}).
 *
 * <p>Thread-safe (one lock; the meter's hot path never touches the outbox).
 */
public final class InMemoryUsageOutbox implements UsageOutbox {
  private final Object lock = new Object();
  private final InMemoryWaiting waiting = new InMemoryWaiting();
  private final Map<String, RejectedUsage> rejected = new LinkedHashMap<>();
  private final InMemoryOpen open = new InMemoryOpen();
  private final InMemoryRemembered remembered;
  private final InMemoryHeld held = new InMemoryHeld();
  /** The windows the last close left open for their sum (see {@link InMemoryPlacing}). */
  private final WarnedWhileSo<List<Object>> unsummable = new WarnedWhileSo<>();
  private Instant closedThrough = Instant.MIN;
  private long droppedLate;

  /** Creates an empty outbox that keeps instance ends and delivered keys for 3 days. */
  public InMemoryUsageOutbox() {
    this(InMemoryRemembered.DEFAULT_RETENTION);
  }

  /**
   * Creates an empty outbox with another instance-end retention: how long an instance's end,
   * and the key of a delivered record, are kept once nothing of them waits (see the class
   * description), as {@code PostgresUsageOutbox.Builder.instanceEndRetention}.
   *
   * @param instanceEndRetention at least one hour
   * @throws IllegalArgumentException when it is shorter
   */
  public InMemoryUsageOutbox(Duration instanceEndRetention) {
    this.remembered = new InMemoryRemembered(instanceEndRetention);
  }

  @Override
  public int append(List<UsageRecord> records) {
    synchronized (lock) {
      int added = 0;
      for (UsageRecord r : records) {
        String key = r.key();
        if (!waiting.contains(key) && !rejected.containsKey(key)) {
          waiting.store(key, r);
          added++;
        }
      }
      return added;
    }
  }

  @Override
  public List<ClaimedUsage> claim(String owner, int max, Instant now, Duration lease) {
    Objects.requireNonNull(owner, "owner == null");
    if (max < 1 || lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("max must be >= 1 and lease positive");
    }
    synchronized (lock) {
      return waiting.claim(owner, max, now, lease);
    }
  }

  @Override
  public int markDelivered(String owner, Collection<String> keys) {
    int removed = 0;
    synchronized (lock) {
      for (String key : keys) {
        UsageRecord delivered = waiting.take(owner, key);
        if (delivered != null) {
          remembered.delivered(key, delivered);
          removed++;
        }
      }
    }
    return removed;
  }

  @Override
  public boolean markRejected(String owner, RejectedUsage rejection) {
    synchronized (lock) {
      UsageRecord stored = waiting.take(owner, rejection.key());
      if (stored == null) {
        return false;
      }
      // the record as stored, not the rejection's copy: only IBM's answer is new
      rejected.put(rejection.key(), new RejectedUsage(rejection.key(), stored,
          rejection.status(), rejection.code(), rejection.message(), rejection.rejectedAt()));
      return true;
    }
  }

  @Override
  public int release(String owner, Collection<String> keys, Instant nextAttempt) {
    Objects.requireNonNull(nextAttempt, "nextAttempt == null");
    synchronized (lock) {
      return waiting.putBack(owner, keys, nextAttempt, true);
    }
  }

  @Override
  public int holdBack(String owner, Collection<String> keys, Instant until) {
    Objects.requireNonNull(until, "until == null");
    synchronized (lock) {
      return waiting.putBack(owner, keys, until, false);
    }
  }

  @Override
  public int leave(String owner, Collection<String> keys, Instant othersFrom,
      Instant ownerFrom) {
    return leaveToOthers(owner, keys, othersFrom, ownerFrom).size();
  }

  /**
   * {@inheritDoc} Whether another owner's wait has ended is judged at {@code othersFrom}: this
   * outbox has no clock of its own.
   */
  @Override
  public Map<String, Instant> leaveToOthers(String owner, Collection<String> keys,
      Instant othersFrom, Instant ownerFrom) {
    Objects.requireNonNull(othersFrom, "othersFrom == null");
    Objects.requireNonNull(ownerFrom, "ownerFrom == null");
    synchronized (lock) {
      return waiting.leave(owner, keys, othersFrom, ownerFrom);
    }
  }

  @Override
  public List<RejectedUsage> rejected(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1: " + limit);
    }
    synchronized (lock) {
      return rejected.values().stream().limit(limit).toList();
    }
  }

  @Override
  public long rejectedCount() {
    synchronized (lock) {
      return rejected.size();
    }
  }

  @Override
  public boolean discardRejected(String key) {
    synchronized (lock) {
      return rejected.remove(key) != null;
    }
  }

  @Override
  public long depth() {
    synchronized (lock) {
      return waiting.size();
    }
  }

  @Override
  public List<MeterCount> mergeOpenCounts(List<MeterCount> counts) {
    List<MeterCount> refused = new ArrayList<>();
    List<MeterCount> taken = new ArrayList<>();
    synchronized (lock) {
      for (MeterCount c : counts) {
        boolean closedOrEnded = !c.windowEnd().isAfter(closedThrough)
            || remembered.endOf(c.resourceInstanceId(), c.planId()) != null;
        (closedOrEnded ? refused : taken).add(c);
      }
      open.merge(taken); // a sum that is not finite fails the call, which applies nothing
    }
    return refused;
  }

  @Override
  public int closeWindows(Instant cutoff, Function<List<MeterCount>, UsageRecord> toRecord) {
    synchronized (lock) {
      List<MeterCount> closed = open.all().stream()
          .filter(c -> !c.windowEnd().isAfter(cutoff)).toList();
      InMemoryPlacing placing = placing();
      // a window whose record cannot be built or stored stays open, the others close
      Set<MeterCount> leftOpen = placing.placeWindows(closed, toRecord, unsummable);
      open.all().removeIf(c -> !c.windowEnd().isAfter(cutoff) && !leftOpen.contains(c));
      if (cutoff.isAfter(closedThrough)) {
        closedThrough = cutoff;
      }
      int added = apply(placing);
      remembered.pruneIfDue(cutoff, open.all(), waiting.records());
      return added;
    }
  }

  /** A close's or end's placing of its records (see {@link InMemoryPlacing}). */
  private InMemoryPlacing placing() {
    return new InMemoryPlacing(waiting, rejected, remembered);
  }

  /** Stores what a placing placed; returns how many records were added. */
  private int apply(InMemoryPlacing placing) {
    droppedLate += placing.droppedCounts();
    return placing.apply();
  }

  @Override
  public long droppedLateCounts() {
    synchronized (lock) {
      return droppedLate;
    }
  }

  @Override
  public int unsummableWindows() {
    synchronized (lock) {
      return unsummable.size();
    }
  }

  @Override
  public int endInstance(String instanceId, Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    return end(instanceId, null, null, at, toRecord);
  }

  @Override
  public int endPlan(String instanceId, String planId, Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    return end(instanceId, Objects.requireNonNull(planId, "planId == null"), null, at, toRecord);
  }

  @Override
  public int changePlan(String instanceId, String fromPlanId, String toPlanId, Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    return end(instanceId, Objects.requireNonNull(fromPlanId, "fromPlanId == null"),
        Objects.requireNonNull(toPlanId, "toPlanId == null"), at, toRecord);
  }

  /** Ends an instance's metering on one plan (all when null), lifting its end on another. */
  private int end(String instanceId, String planId, String lifted, Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(at, "at == null");
    Predicate<MeterCount> ending = c -> c.resourceInstanceId().equals(instanceId)
        && (planId == null || c.planId().equals(planId));
    synchronized (lock) {
      if (held.holds(instanceId, planId)) { // ended over them, they would be dropped
        throw new IllegalStateException("counts of " + instanceId + " are held until their"
            + " instance's end is known; its metering did not end");
      }
      List<MeterCount> counts = open.all().stream().filter(ending).toList();
      InMemoryPlacing placing = placing(); // as a close's: into a record of its key, or late
      placing.placeEnd(instanceId, counts, toRecord); // may throw: nothing is changed yet
      remembered.end(instanceId, planId, lifted, at);
      open.all().removeIf(ending);
      return apply(placing);
    }
  }

  @Override
  public void holdCounts(List<MeterCount> counts) {
    synchronized (lock) {
      held.hold(counts);
    }
  }

  @Override
  public List<MeterCount> releaseHeldCounts(Function<List<MeterCount>, UsageRecord> toRecord) {
    synchronized (lock) {
      InMemoryPlacing placing = placing(); // changes nothing until applied
      InMemoryHeld.Release release = held.release(
          c -> remembered.endOf(c.resourceInstanceId(), c.planId()) != null, closedThrough,
          placing, toRecord, open::of);
      // none refused: neither ended nor closed; throws: nothing changed
      mergeOpenCounts(release.opened());
      held.keepOnly(release.kept());
      apply(placing);
      return release.dropped();
    }
  }

  @Override
  public List<MeterCount> heldCounts() {
    synchronized (lock) {
      return held.all();
    }
  }

  @Override
  public Optional<Instant> endedAt(String instanceId) {
    synchronized (lock) {
      return Optional.ofNullable(remembered.endOf(instanceId));
    }
  }

  @Override
  public Optional<Instant> endedAt(String instanceId, String planId) {
    synchronized (lock) {
      return Optional.ofNullable(remembered.endOf(instanceId, planId));
    }
  }

  /** {@inheritDoc} Only delivered keys, on the sender's clock: a meter's closes prune ends. */
  @Override
  public void pruneIfDue(Instant now) {
    synchronized (lock) {
      remembered.pruneDeliveredIfDue(now, open.all());
    }
  }

  /** Tests: how many delivered keys are remembered. */
  int deliveredKeys() {
    synchronized (lock) {
      return remembered.deliveredKeys();
    }
  }

  @Override
  public List<MeterCount> openCounts() {
    synchronized (lock) {
      return List.copyOf(open.all());
    }
  }

  /**
   * Returns false: everything is lost when the process ends.
   *
   * @return false
   */
  @Override
  public boolean durable() {
    return false;
  }

  /**
   * Names the outbox with its depth.
   *
   * @return {@code InMemoryUsageOutbox[depth=n]}
   */
  @Override
  public String toString() {
    return "InMemoryUsageOutbox[depth=" + depth() + "]";
  }
}

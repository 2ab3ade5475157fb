package io.github.osbsdk.benchmarks;

import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A {@link UsageOutbox} that measures the time the sender spends in the outbox's claim and
 * delivered calls (the database part of sending), so the rest is the HTTP part. Every other
 * call goes to the outbox as it is, defaults included: a default here would change what the
 * outbox does (a record left to other senders would be held back for every one).
 */
final class TimedOutbox implements UsageOutbox {
  private final UsageOutbox outbox;
  private final AtomicLong claimNanos = new AtomicLong();
  private final AtomicLong claims = new AtomicLong();
  private final AtomicLong deliveredNanos = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();

  TimedOutbox(UsageOutbox outbox) {
    this.outbox = outbox;
  }

  String summary() {
    return String.format(Locale.ROOT, "outbox time: %d claims %.2f s (%.1f ms each),"
        + " %d markDelivered %.2f s (%.1f ms each)", claims.get(), claimNanos.get() / 1e9,
        claimNanos.get() / 1e6 / Math.max(1, claims.get()), delivered.get(),
        deliveredNanos.get() / 1e9, deliveredNanos.get() / 1e6 / Math.max(1, delivered.get()));
  }

  long outboxNanos() {
    return claimNanos.get() + deliveredNanos.get();
  }

  @Override
  public int append(List<UsageRecord> records) {
    return outbox.append(records);
  }

  @Override
  public List<ClaimedUsage> claim(String owner, int max, Instant now, Duration lease) {
    long t = System.nanoTime();
    try {
      return outbox.claim(owner, max, now, lease);
    } finally {
      claimNanos.addAndGet(System.nanoTime() - t);
      claims.incrementAndGet();
    }
  }

  @Override
  public int markDelivered(String owner, Collection<String> keys) {
    long t = System.nanoTime();
    try {
      return outbox.markDelivered(owner, keys);
    } finally {
      deliveredNanos.addAndGet(System.nanoTime() - t);
      delivered.incrementAndGet();
    }
  }

  @Override
  public boolean markRejected(String owner, RejectedUsage rejection) {
    return outbox.markRejected(owner, rejection);
  }

  @Override
  public int release(String owner, Collection<String> keys, Instant nextAttempt) {
    return outbox.release(owner, keys, nextAttempt);
  }

  @Override
  public int holdBack(String owner, Collection<String> keys, Instant until) {
    return outbox.holdBack(owner, keys, until);
  }

  @Override
  public int leave(String owner, Collection<String> keys, Instant othersFrom,
      Instant ownerFrom) {
    return outbox.leave(owner, keys, othersFrom, ownerFrom);
  }

  @Override
  public Map<String, Instant> leaveToOthers(String owner, Collection<String> keys,
      Instant othersFrom, Instant ownerFrom) {
    return outbox.leaveToOthers(owner, keys, othersFrom, ownerFrom);
  }

  @Override
  public List<RejectedUsage> rejected(int limit) {
    return outbox.rejected(limit);
  }

  @Override
  public boolean discardRejected(String key) {
    return outbox.discardRejected(key);
  }

  @Override
  public long depth() {
    return outbox.depth();
  }

  @Override
  public List<MeterCount> mergeOpenCounts(List<MeterCount> counts) {
    return outbox.mergeOpenCounts(counts);
  }

  @Override
  public int closeWindows(Instant cutoff, Function<List<MeterCount>, UsageRecord> toRecord) {
    return outbox.closeWindows(cutoff, toRecord);
  }

  @Override
  public long rejectedCount() {
    return outbox.rejectedCount();
  }

  @Override
  public long invalid() {
    return outbox.invalid();
  }

  @Override
  public long droppedLateCounts() {
    return outbox.droppedLateCounts();
  }

  @Override
  public int endInstance(String instanceId, Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    return outbox.endInstance(instanceId, at, toRecord);
  }

  @Override
  public Optional<Instant> endedAt(String instanceId) {
    return outbox.endedAt(instanceId);
  }

  @Override
  public List<MeterCount> openCounts() {
    return outbox.openCounts();
  }

  @Override
  public boolean durable() {
    return outbox.durable();
  }
}

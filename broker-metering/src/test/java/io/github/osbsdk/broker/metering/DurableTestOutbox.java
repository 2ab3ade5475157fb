package io.github.osbsdk.broker.metering;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** An in-memory outbox that claims to be durable, standing in for a database across "restarts". */
final class DurableTestOutbox implements UsageOutbox {
  private final InMemoryUsageOutbox delegate = new InMemoryUsageOutbox();

  @Override
  public int append(List<UsageRecord> records) {
    return delegate.append(records);
  }

  @Override
  public List<ClaimedUsage> claim(String owner, int max, Instant now, Duration lease) {
    return delegate.claim(owner, max, now, lease);
  }

  @Override
  public int markDelivered(String owner, Collection<String> keys) {
    return delegate.markDelivered(owner, keys);
  }

  @Override
  public boolean markRejected(String owner, RejectedUsage rejection) {
    return delegate.markRejected(owner, rejection);
  }

  @Override
  public int release(String owner, Collection<String> keys, Instant nextAttempt) {
    return delegate.release(owner, keys, nextAttempt);
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
    return delegate.depth();
  }

  @Override
  public List<MeterCount> mergeOpenCounts(List<MeterCount> counts) {
    return delegate.mergeOpenCounts(counts);
  }

  @Override
  public int closeWindows(Instant cutoff, Function<List<MeterCount>, UsageRecord> toRecord) {
    return delegate.closeWindows(cutoff, toRecord);
  }

  @Override
  public List<MeterCount> openCounts() {
    return delegate.openCounts();
  }
}

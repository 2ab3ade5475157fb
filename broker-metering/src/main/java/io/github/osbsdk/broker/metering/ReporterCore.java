package io.github.osbsdk.broker.metering;

import io.github.osbsdk.broker.core.health.HealthCheck;
import io.github.osbsdk.broker.metering.internal.MergeHealth;
import io.github.osbsdk.broker.metering.internal.RecordChecks;
import io.github.osbsdk.broker.metering.internal.ReporterRuntime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a {@link UsageReporter} does behind its public methods: the checks before records are
 * queued, the meters built on it (their health and their close before the sender's), and what
 * those meters take from its runtime (clock, flush timeout, wake-ups). Thread-safe.
 */
final class ReporterCore {
  private final MeteredPlans plans;
  private final ReporterRuntime runtime;
  private final List<UsageMeter> meters = new CopyOnWriteArrayList<>();
  private final List<MergeHealth> merges = new CopyOnWriteArrayList<>();

  ReporterCore(MeteredPlans plans, ReporterRuntime runtime) {
    this.plans = plans;
    this.runtime = runtime;
  }

  MeteredPlans plans() {
    return plans;
  }

  UsageOutbox outbox() {
    return runtime.outbox();
  }

  /** See {@link UsageReporter#report(List)}. */
  int report(List<UsageRecord> records) {
    runtime.checkOpen();
    List<String> problems = RecordChecks.problems(plans, records, runtime.clock().instant());
    if (!problems.isEmpty()) {
      throw new InvalidUsageRecordException(problems);
    }
    return runtime.queue(records); // close() waits for it: its flush sees these records
  }

  /** See {@link UsageReporter#health()}. */
  HealthCheck health() {
    // the windows the meters could not close, and those the outbox left open for their sum
    return () -> runtime.health(meters.stream().mapToInt(UsageMeter::unclosedWindows).sum()
        + outbox().unsummableWindows(), mergesFailingSince(), droppedLate());
  }

  /** The earliest time since which a meter's merges keep failing, or null. */
  private Instant mergesFailingSince() {
    Instant since = null;
    for (MergeHealth m : merges) {
      Instant s = m.failingSince();
      if (s != null && (since == null || s.isBefore(since))) {
        since = s;
      }
    }
    return since;
  }

  /** See {@link UsageReporter#dropped()}. */
  long dropped() {
    return runtime.dropped() + droppedLate();
  }

  /** The counts dropped as late: by the meters (an ended instance's) and by the outbox. */
  private long droppedLate() {
    return meters.stream().mapToLong(UsageMeter::droppedAfterEnd).sum()
        + runtime.outbox().droppedLateCounts();
  }

  Clock clock() {
    return runtime.clock();
  }

  Duration flushTimeout() {
    return runtime.flushTimeout();
  }

  void register(UsageMeter meter, MergeHealth mergeHealth) {
    meters.add(meter);
    merges.add(mergeHealth);
  }

  void wake() {
    runtime.wake();
  }

  /** See {@link UsageReporter#close()}: the meters first, then the sender. */
  void close() {
    if (runtime.closed()) {
      return;
    }
    for (UsageMeter meter : meters) {
      meter.close();
    }
    runtime.close();
  }
}

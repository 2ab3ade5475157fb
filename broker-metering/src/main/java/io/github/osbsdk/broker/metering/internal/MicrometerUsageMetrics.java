package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.metering.UsageListener;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;

/**
 * broker-metering's meters on a Micrometer registry: the outbox depth as a gauge and the
 * sender's outcomes per record as a listener. Loaded only when a registry is passed to
 * {@code UsageReporter.Builder.meterRegistry}.
 */
public final class MicrometerUsageMetrics implements UsageListener {
  /** Records waiting in the outbox (pending and leased). */
  public static final String QUEUE_DEPTH = "osb.metering.queue.depth";
  /** Records the outbox set aside because they no longer pass the checks. */
  public static final String INVALID = "osb.metering.invalid";
  /** Records IBM rejected for good, as the outbox holds them (every replica's). */
  public static final String REJECTED = "osb.metering.rejected";
  /** Records by what IBM answered. */
  public static final String RECORDS = "osb.metering.records";

  private final Counter delivered;
  private final Counter duplicate;
  private final Counter rejected;
  private final Counter retrying;

  private MicrometerUsageMetrics(MeterRegistry registry, UsageOutbox outbox) {
    Gauge.builder(QUEUE_DEPTH, outbox, UsageOutbox::depth)
        .description("Usage records waiting to be delivered to IBM's metering API")
        .strongReference(true).register(registry);
    Gauge.builder(INVALID, outbox, UsageOutbox::invalid)
        .description("Usage records set aside because they no longer pass the checks (e.g. a"
            + " row edited by hand); never sent until fixed")
        .strongReference(true).register(registry);
    Gauge.builder(REJECTED, outbox, UsageOutbox::rejectedCount)
        .description("Usage records IBM rejected for good (400, 404, 424), kept in the outbox"
            + " until discarded; not billed")
        .strongReference(true).register(registry);
    this.delivered = records(registry, "delivered");
    this.duplicate = records(registry, "duplicate");
    this.rejected = records(registry, "rejected");
    this.retrying = records(registry, "retrying");
  }

  /**
   * Registers the meters.
   *
   * @param meterRegistry a {@link MeterRegistry}, already checked
   * @param outbox the reporter's outbox
   * @return the listener that counts records
   */
  public static UsageListener bind(Object meterRegistry, UsageOutbox outbox) {
    return new MicrometerUsageMetrics((MeterRegistry) meterRegistry, outbox);
  }

  private static Counter records(MeterRegistry registry, String outcome) {
    return Counter.builder(RECORDS)
        .description("Usage records by what IBM answered: delivered (201), duplicate (409),"
            + " rejected for good (400, 404, 424) or retrying (5xx, 429, timeouts)")
        .tag("outcome", outcome).register(registry);
  }

  @Override
  public void delivered(UsageRecord record, boolean isDuplicate) {
    (isDuplicate ? duplicate : delivered).increment();
  }

  @Override
  public void rejected(RejectedUsage rejection) {
    rejected.increment();
  }

  @Override
  public void retrying(UsageRecord record, String reason, Instant nextAttempt) {
    retrying.increment();
  }
}

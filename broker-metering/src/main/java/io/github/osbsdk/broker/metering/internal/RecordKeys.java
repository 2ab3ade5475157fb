package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.UsageRecord;
import java.time.Instant;
import java.util.List;

/**
 * The keys a usage record is stored under: {@link UsageRecord#key()}, built here, and the key
 * earlier versions of this SDK gave the same record, which a durable outbox may still hold
 * after an upgrade (replicas not yet upgraded keep writing it). Those versions kept a region
 * equal to the one the instance's CRN names in the key; the key leaves it out now. Shared with
 * broker-store-jdbc's outbox (a qualified export); not API.
 */
public final class RecordKeys {
  private RecordKeys() {}

  /**
   * Joins a record's key fields with {@code |}, a {@code |} or {@code \} inside a field escaped
   * with {@code \}; a null field is empty.
   *
   * @param instance the instance id
   * @param plan the plan id
   * @param region the region as keyed, or null
   * @param start the start
   * @param end the end
   * @param consumer the consumer id, or null
   * @return the key
   */
  public static String of(String instance, String plan, String region, Instant start,
      Instant end, String consumer) {
    return escape(instance) + '|' + escape(plan) + '|' + escape(region) + '|'
        + start.toEpochMilli() + '|' + end.toEpochMilli() + '|' + escape(consumer);
  }

  /**
   * Returns every key an outbox may hold a record under: its {@link UsageRecord#key()} first,
   * then, when its instance's CRN names a region and the record names that one or none, the
   * earlier key holding that region. Both are one record to the outbox.
   *
   * @param r the record
   * @return one or two keys
   */
  public static List<String> stored(UsageRecord r) {
    String crnRegion = UsageRecord.crnRegion(r.resourceInstanceId());
    if (crnRegion == null || r.region() != null && !r.region().equals(crnRegion)) {
      return List.of(r.key());
    }
    return List.of(r.key(), of(r.resourceInstanceId(), r.planId(), crnRegion, r.start(),
        r.end(), r.consumerId()));
  }

  private static String escape(String value) {
    return value == null ? "" : value.replace("\\", "\\\\").replace("|", "\\|");
  }
}

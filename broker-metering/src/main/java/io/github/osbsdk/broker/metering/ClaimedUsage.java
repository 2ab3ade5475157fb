package io.github.osbsdk.broker.metering;

import java.util.Objects;

/**
 * A record claimed from the outbox by one sender, leased to it until it marks the record
 * delivered, rejected or released, or until the lease runs out.
 *
 * @param key the record's key, {@link UsageRecord#key()}
 * @param record the record
 * @param attempts how many times the record was released for retry before this claim
 */
public record ClaimedUsage(String key, UsageRecord record, int attempts) {

  /**
   * Creates a claimed record.
   *
   * @param key the key
   * @param record the record
   * @param attempts the earlier attempts, {@code >= 0}
   */
  public ClaimedUsage {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(record, "record == null");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts < 0: " + attempts);
    }
  }
}

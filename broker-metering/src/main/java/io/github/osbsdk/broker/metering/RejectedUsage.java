package io.github.osbsdk.broker.metering;

import java.time.Instant;
import java.util.Objects;

/**
 * A record IBM Cloud refused for good (400 bad record, 404 no metering definition for the plan,
 * 424 instance metadata problem). It is kept in the outbox with IBM's reason and never resent;
 * list it with {@link UsageReporter#rejected(int)} or {@link UsageOutbox#rejected(int)}.
 *
 * @param key the record's key
 * @param record the record
 * @param status the per-record status IBM answered
 * @param code IBM's error code, or null
 * @param message IBM's message, or null
 * @param rejectedAt when the answer arrived
 */
public record RejectedUsage(String key, UsageRecord record, int status, String code,
    String message, Instant rejectedAt) {

  /**
   * Creates a rejection.
   *
   * @param key the key
   * @param record the record
   * @param status the status
   * @param code the code or null
   * @param message the message or null
   * @param rejectedAt the time
   * @throws IllegalArgumentException when {@code key} is not a key of the record
   *     ({@link UsageRecord#hasKey})
   */
  public RejectedUsage {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(record, "record == null");
    Objects.requireNonNull(rejectedAt, "rejectedAt == null");
    if (!record.hasKey(key)) {
      throw new IllegalArgumentException("key is not the record's key: " + key);
    }
  }
}

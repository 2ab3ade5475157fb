package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.time.Duration;
import java.time.Instant;

/**
 * A window's record that an upgraded database may hold under the key earlier versions gave it
 * (the region its CRN names kept in the key), for the tests of what the outbox does beside it.
 */
final class EarlierKeyRecord {
  static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final Instant T1 = T0.plus(Duration.ofHours(1));
  /** A day after the window: every record of it may be claimed. */
  static final Instant LATER = T0.plus(Duration.ofDays(1));
  static final String EARLIER_KEY = CRN + "|metered|us-south|" + T0.toEpochMilli() + "|"
      + T1.toEpochMilli() + "|";

  private EarlierKeyRecord() {}

  /**
   * Stores the window's record of plan {@code metered} as an earlier version did: region named,
   * key holding it, waiting to be sent.
   */
  static void storedUnderTheEarlierKey(int calls) {
    TestDatabase.sql("INSERT INTO osb_usage_record (key, resource_instance_id, plan_id, region,"
        + " start_at, end_at, measures, quantities, state) VALUES ('" + EARLIER_KEY + "', '"
        + CRN + "', 'metered', 'us-south', '" + T0 + "', '" + T1 + "', '{API_CALL}', '{"
        + calls + "}', 'PENDING')");
  }
}

package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.store.jdbc.Migrations;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.internal.MigrationRunner;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A database that already holds one record under both key forms (stored so by a replica of an
 * earlier version racing an upgraded one, before the outbox held a window's record once) is
 * upgraded: one of them stays pending, the copy is set aside as invalid with the reason, and the
 * migration does not fail on them.
 */
class PostgresOneRecordPerKeyMigrationTest {
  private static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant LATER = T0.plus(Duration.ofDays(1));
  /** The versions before the one-record-per-key migration. */
  private static final int BEFORE = MigrationRunner.FILES.indexOf("V9__usage_delivered.sql") + 1;

  private static String key(String region, Instant start) {
    return CRN + "|metered|" + region + "|" + start.toEpochMilli() + "|"
        + start.plus(Duration.ofHours(1)).toEpochMilli() + "|";
  }

  private static void insert(DataSource ds, String schema, String region, Instant start,
      int attempts) throws Exception {
    TestDatabase.execute(ds, "INSERT INTO " + schema + ".osb_usage_record (key,"
        + " resource_instance_id, plan_id, region, start_at, end_at, measures, quantities,"
        + " state, attempts) VALUES ('" + key(region, start) + "', '" + CRN + "', 'metered',"
        + " 'us-south', '" + start + "', '" + start.plus(Duration.ofHours(1)) + "',"
        + " '{API_CALL}', '{3}', 'PENDING', " + attempts + ")");
  }

  @Test
  void aRecordStoredUnderBothKeysIsKeptOnceAndItsCopySetAsideWithTheReason() throws Exception {
    DataSource ds = TestDatabase.replicaA();
    String schema = TestDatabase.freshSchema("m_");
    assertThat(MigrationRunner.apply(ds, schema, BEFORE)).isEqualTo(BEFORE);
    Instant second = T0.plus(Duration.ofHours(1));
    Instant third = T0.plus(Duration.ofHours(2));
    insert(ds, schema, "us-south", T0, 0); // the first window: stored first, earlier key
    insert(ds, schema, "", T0, 0);
    insert(ds, schema, "us-south", second, 0); // the second: the copy was sent, it is kept
    insert(ds, schema, "", second, 1);
    insert(ds, schema, "", third, 0); // the third window: once
    TestDatabase.appliesTheRestAfter(ds, schema, BEFORE);
    assertThat(TestDatabase.strings("SELECT key || ' ' || state || ' ' || coalesce("
        + "invalid_reason, '-') FROM " + schema + ".osb_usage_record ORDER BY seq"))
        .containsExactly(key("us-south", T0) + " PENDING -",
            key("", T0) + " INVALID the same record as " + key("us-south", T0)
                + " (stored under both key forms during a rolling update): delete this row",
            key("us-south", second) + " INVALID the same record as " + key("", second)
                + " (stored under both key forms during a rolling update): delete this row",
            key("", second) + " PENDING -",
            key("", third) + " PENDING -");
    PostgresUsageOutbox outbox = PostgresUsageOutbox.builder(ds).schema(schema).build();
    assertThat(outbox.depth()).isEqualTo(3);
    assertThat(outbox.invalid()).isEqualTo(2);
    assertThat(outbox.claim("sender", 10, LATER, Duration.ofMinutes(5)))
        .extracting(ClaimedUsage::key)
        .containsExactly(key("us-south", T0), key("", second), key("", third));
  }
}

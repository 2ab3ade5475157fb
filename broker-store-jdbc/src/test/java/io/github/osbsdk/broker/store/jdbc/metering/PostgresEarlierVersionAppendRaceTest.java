package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A replica of an earlier version (it keys a record naming its CRN's region with that region)
 * and an upgraded one append the same window's record during a rolling update: the outbox holds
 * it once, whichever of the two commits first, so it is sent once (a copy under the earlier key,
 * sent with the region by the earlier version, is a second bill if IBM compares the region as
 * sent). The earlier version is played by its own SQL on replica B.
 */
class PostgresEarlierVersionAppendRaceTest {
  private static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant T1 = T0.plus(Duration.ofHours(1));
  private static final Instant LATER = T0.plus(Duration.ofDays(1));
  private static final String EARLIER_KEY = CRN + "|metered|us-south|" + T0.toEpochMilli() + "|"
      + T1.toEpochMilli() + "|";
  /** The append of versions before the key left the CRN's region out: its own key only. */
  private static final String EARLIER_APPEND = "INSERT INTO osb_usage_record (key,"
      + " resource_instance_id, plan_id, region, start_at, end_at, measures, quantities, state)"
      + " VALUES ('" + EARLIER_KEY + "', '" + CRN + "', 'metered', 'us-south', '" + T0 + "', '"
      + T1 + "', '{API_CALL}', '{3}', 'PENDING') ON CONFLICT (key) DO NOTHING";
  /** README (Windows): puts back the rows an earlier version's sender set aside. */
  private static final String README_FIX = "UPDATE osb_usage_record SET state = 'PENDING',"
      + " invalid_reason = NULL WHERE state = 'INVALID' AND invalid_reason LIKE 'the stored key"
      + " is not the record''s key %' AND left(resource_instance_id, 4) = 'crn:' AND region ="
      + " split_part(resource_instance_id, ':', 6)";
  private UsageOutbox outbox;

  @BeforeEach
  void createOutbox() {
    TestDatabase.truncateUsage();
    outbox = PostgresUsageOutbox.create(TestDatabase.replicaA());
  }

  private static UsageRecord theWindowsRecord() {
    return UsageRecord.builder(CRN, "metered").region("us-south").window(T0, T1)
        .measure("API_CALL", 3).build();
  }

  @Test
  void anAppendRacingAnEarlierVersionsInsertOfTheSameWindowStoresNoSecondRecord()
      throws Exception {
    // before: the append's NOT EXISTS did not see the earlier version's row, not yet committed,
    // and no unique index covered both keys: two records of the window, both sent
    try (Connection earlier = TestDatabase.replicaB().getConnection();
        Statement st = earlier.createStatement()) {
      earlier.setAutoCommit(false);
      assertThat(st.executeUpdate(EARLIER_APPEND)).isOne();
      CompletableFuture<Integer> append =
          CompletableFuture.supplyAsync(() -> outbox.append(List.of(theWindowsRecord())));
      awaitDoneOrBlocked(append);
      earlier.commit();
      assertThat(append.get(30, TimeUnit.SECONDS)).isZero();
    }
    assertThat(outbox.depth()).isOne();
    assertThat(outbox.claim("sender", 10, LATER, Duration.ofMinutes(5)))
        .extracting(ClaimedUsage::key).containsExactly(EARLIER_KEY);
  }

  @Test
  void anEarlierVersionsInsertOfAWindowPendingUnderTheCurrentKeyIsRefused() {
    // before: the earlier version's ON CONFLICT (key) saw only its own key and stored a second
    // record of the window beside the upgraded replica's
    assertThat(outbox.append(List.of(theWindowsRecord()))).isOne();
    assertThatThrownBy(() -> TestDatabase.execute(TestDatabase.replicaB(), EARLIER_APPEND))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
    assertThat(outbox.depth()).isOne();
    assertThat(outbox.claim("sender", 10, LATER, Duration.ofMinutes(5)))
        .extracting(ClaimedUsage::key).containsExactly(theWindowsRecord().key());
  }

  @Test
  void aRowAnEarlierVersionsSenderSetAsideIsSentAgainAfterTheReadmesStatement() {
    // a record naming its CRN's region is stored under the current key with the region in its
    // column; an earlier version's row check rebuilds the key with it and sets the row aside
    assertThat(outbox.append(List.of(theWindowsRecord()))).isOne();
    TestDatabase.sql("UPDATE osb_usage_record SET state = 'INVALID', invalid_reason = 'the"
        + " stored key is not the record''s key " + EARLIER_KEY + " (edited by hand?)'");
    assertThat(outbox.invalid()).isOne();
    TestDatabase.sql(README_FIX);
    assertThat(outbox.invalid()).isZero();
    assertThat(outbox.claim("sender", 10, LATER, Duration.ofMinutes(5))).singleElement()
        .satisfies(c -> assertThat(c.key()).isEqualTo(theWindowsRecord().key()));
  }

  /** Waits until the append returned or waits for a lock the earlier version's insert holds. */
  private static void awaitDoneOrBlocked(CompletableFuture<Integer> append) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!append.isDone() && TestDatabase.count(TestDatabase.replicaA(), "SELECT count(*)"
        + " FROM pg_stat_activity WHERE cardinality(pg_blocking_pids(pid)) > 0") == 0) {
      assertThat(System.nanoTime() - end).as("the append done or blocked").isNegative();
      Thread.sleep(10);
    }
  }
}

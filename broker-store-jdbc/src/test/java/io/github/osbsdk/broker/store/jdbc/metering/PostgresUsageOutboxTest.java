package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.Aggregation;
import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageOutboxContract;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The shared outbox contract on PostgreSQL, plus two replicas on one database. */
class PostgresUsageOutboxTest extends UsageOutboxContract {
  @Override
  protected UsageOutbox newOutbox() {
    TestDatabase.truncateUsage();
    return PostgresUsageOutbox.create(TestDatabase.replicaA());
  }

  @Override
  protected boolean claimsByASharedClock() {
    return true;
  }

  @Override
  protected void letTimePass(Duration d) {
    TestDatabase.sql("UPDATE osb_usage_record SET lease_end = lease_end - interval '"
        + d.toMillis() + " milliseconds', next_attempt = next_attempt - interval '"
        + d.toMillis() + " milliseconds'");
  }

  @Test
  void aRejectionIsCountedByEveryReplicasOutbox() {
    // before: a rejection showed only in the sending replica's per-process counter
    outbox.append(List.of(record(0, 1), record(1, 1)));
    String key = outbox.claim("a", 10, T0, Duration.ofMinutes(1)).get(0).key();
    assertThat(outbox.markRejected("a", new RejectedUsage(key, record(0, 1), 424, "c", "m",
        T0))).isTrue();
    UsageOutbox otherReplica = PostgresUsageOutbox.create(TestDatabase.replicaB());
    assertThat(otherReplica.rejectedCount()).isOne();
    assertThat(otherReplica.depth()).isOne();
  }

  @Test
  void aRecordIsClaimedOnlyOnceItsEndHasPassedOnTheDatabasesClock() throws Exception {
    // before: a replica whose clock ran ahead claimed it, and IBM refused its future end.
    // The append and the first claim take a few hundred milliseconds on a loaded machine: the
    // end 5 s ahead leaves room for ten times that (it once was 2 s ahead)
    Instant end = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
    UsageRecord ending = UsageRecord.builder(CRN, "plan-1")
        .window(end.minus(Duration.ofHours(1)), end).measure("API_CALL", 4).build();
    UsageRecord latest = UsageRecord.builder(CRN, "plan-1")
        .window(UsageRecord.EARLIEST, UsageRecord.LATEST).measure("API_CALL", 1).build();
    assertThat(outbox.append(List.of(ending, latest))).isEqualTo(2);
    Instant anHourAhead = Instant.now().plus(Duration.ofHours(1));
    assertThat(outbox.claim("fast", 10, anHourAhead, Duration.ofMinutes(1))).isEmpty();
    while (Instant.now().isBefore(end.plusMillis(100))) {
      Thread.sleep(20);
    }
    assertThat(outbox.claim("fast", 10, anHourAhead, Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> assertThat(c.record()).isEqualTo(ending));
    assertThat(outbox.depth()).isEqualTo(2);
    // the latest end a record allows is stored to the millisecond, though never claimed
    assertThat(TestDatabase.strings("SELECT to_char(end_at AT TIME ZONE 'UTC',"
        + " 'YYYY-MM-DD HH24:MI:SS.MS') FROM osb_usage_record WHERE quantities = '{1}'"))
        .containsExactly("9999-12-31 23:59:59.999");
  }

  @Test
  void aStatementTimeoutTooLongForAnIntWaitsBehindALockInsteadOfWrappingToOneSecond()
      throws Exception {
    // 2^32 + 1 s once became a 1 s timeout (the seconds were cast to int)
    UsageOutbox patient = PostgresUsageOutbox.builder(TestDatabase.replicaA())
        .statementTimeout(Duration.ofSeconds((1L << 32) + 1)).build();
    assertThat(patient.append(List.of(record(0, 1)))).isEqualTo(1);
    List<String> keys = patient.claim("me", 10, T0, Duration.ofMinutes(1)).stream()
        .map(ClaimedUsage::key).toList();
    assertThat(keys).hasSize(1);
    try (Connection blocker = TestDatabase.replicaB().getConnection();
        Statement st = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      st.execute("SELECT * FROM osb_usage_record FOR UPDATE");
      // rolled back once the statement has waited 2.5 s for the lock, not 2.5 s after this
      // started: a statement held up as long on a loaded machine never waited, and a timeout of
      // 1 s passed as well
      CompletableFuture<Void> released = CompletableFuture.runAsync(() -> {
        try {
          long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while (TestDatabase.strings("SELECT pid::text FROM pg_stat_activity"
              + " WHERE cardinality(pg_blocking_pids(pid)) > 0").isEmpty()) {
            assertThat(System.nanoTime() - end).as("a session waits for the lock").isNegative();
            Thread.sleep(10);
          }
          Thread.sleep(2_500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        } finally {
          try {
            blocker.rollback(); // whatever happened: the statement must not wait for ever
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        }
      });
      assertThat(patient.markDelivered("me", keys)).isEqualTo(1);
      released.get();
      blocker.setAutoCommit(true);
    }
    assertThat(patient.depth()).isZero();
  }

  @Test
  void aCloseByAReplicaWhoseClockIsAheadClosesOnlyWindowsEndedOnTheDatabasesClock() {
    // before: it closed the current window, refusing the other replicas' counts of its rest
    // windows that ended a minute ago and end in 59 minutes, not the clock's hours: when an hour
    // ends during the test, the database's clock never passes the current window's end
    Instant split = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
    MeterCount ended = new MeterCount(CRN, "plan-1", "API_CALL", Aggregation.SUM,
        split.minus(Duration.ofHours(1)), split, 2);
    MeterCount current = new MeterCount(CRN, "plan-1", "API_CALL", Aggregation.SUM, split,
        split.plus(Duration.ofHours(1)), 3);
    assertThat(outbox.mergeOpenCounts(List.of(ended, current))).isEmpty();
    Instant anHourAhead = Instant.now().plus(Duration.ofHours(1));
    assertThat(outbox.closeWindows(anHourAhead, counts -> UsageRecord.builder(CRN, "plan-1")
        .window(counts.get(0).windowStart(), counts.get(0).windowEnd())
        .measure("API_CALL", counts.get(0).value()).build())).isEqualTo(1);
    assertThat(outbox.openCounts()).containsExactly(current);
    assertThat(outbox.mergeOpenCounts(List.of(current.withValue(1)))).isEmpty();
    assertThat(outbox.openCounts()).containsExactly(current.withValue(4));
    assertThat(outbox.mergeOpenCounts(List.of(ended))).containsExactly(ended);
  }

  @Test
  void twoReplicasClaimingTogetherNeverShareARecord() throws Exception {
    UsageOutbox other = PostgresUsageOutbox.create(TestDatabase.replicaB());
    List<UsageRecord> records = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      records.add(record(i, 1));
    }
    assertThat(outbox.append(records)).isEqualTo(200);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<List<String>>> senders = new ArrayList<>();
      for (int s = 0; s < 4; s++) {
        UsageOutbox view = s % 2 == 0 ? outbox : other;
        String owner = "sender-" + s;
        senders.add(() -> {
          List<String> mine = new ArrayList<>();
          List<ClaimedUsage> batch;
          while (!(batch = view.claim(owner, 9, T0, Duration.ofMinutes(1))).isEmpty()) {
            batch.forEach(c -> mine.add(c.key()));
            assertThat(view.markDelivered(owner, batch.stream().map(ClaimedUsage::key)
                .toList())).isEqualTo(batch.size());
          }
          return mine;
        });
      }
      List<String> all = new ArrayList<>();
      for (Future<List<String>> f : pool.invokeAll(senders)) {
        all.addAll(f.get());
      }
      assertThat(all).hasSize(200);
      assertThat(new HashSet<>(all)).hasSize(200);
      assertThat(other.depth()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void storedRowsThatNoLongerPassTheChecksAreSetAsideAndTheOthersAreStillClaimed() {
    // rows written before a check existed or edited by hand: a start before 1970, a NaN
    // quantity, a key that is not the record's key, a null measure name; each one failed every
    // claim (the oldest first), so nothing was billed any more for anyone
    String r = "INSERT INTO osb_usage_record (key, resource_instance_id, plan_id, start_at,"
        + " end_at, measures, quantities, state) VALUES ";
    TestDatabase.sql(r + "('old', 'crn:v1:bluemix:public:hello:us-south:a/acc:x::', 'plan-1',"
        + " '1969-12-31T23:00:00Z', '1970-01-01T00:00:00Z', '{API_CALL}', '{1}', 'PENDING')");
    TestDatabase.sql(r + "('nan', 'crn:v1:bluemix:public:hello:us-south:a/acc:y::', 'plan-1',"
        + " '2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z', '{API_CALL}', '{NaN}', 'PENDING')");
    TestDatabase.sql(r + "('edited', '" + CRN + "', 'plan-1', '2026-01-01T12:00:00Z',"
        + " '2026-01-01T13:00:00Z', '{API_CALL}', '{1}', 'PENDING')");
    TestDatabase.sql(r + "('nullname', '" + CRN + "', 'plan-1', '2026-01-01T13:00:00Z',"
        + " '2026-01-01T14:00:00Z', '{NULL}', '{1}', 'PENDING')");
    assertThat(outbox.append(List.of(record(0, 5)))).isEqualTo(1);
    assertThat(outbox.depth()).isEqualTo(5);

    assertThat(outbox.claim("x", 10, T0.plus(Duration.ofHours(20)), Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> assertThat(c.record()).isEqualTo(record(0, 5)));
    assertThat(outbox.depth()).isEqualTo(1);
    assertThat(outbox.invalid()).isEqualTo(4);
    letTimePass(Duration.ofHours(20));
    assertThat(outbox.claim("y", 10, T0.plus(Duration.ofHours(40)), Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> assertThat(c.record()).isEqualTo(record(0, 5)));
    assertThat(outbox.rejected(10)).isEmpty();
    assertThat(TestDatabase.strings("SELECT key || ': ' || invalid_reason FROM osb_usage_record"
        + " WHERE state = 'INVALID' ORDER BY seq")).satisfiesExactly(
            old -> assertThat(old).startsWith("old: ").contains("before 1970"),
            nan -> assertThat(nan).startsWith("nan: ").contains("finite"),
            edited -> assertThat(edited).startsWith("edited: ").contains("key"),
            nullName -> assertThat(nullName).startsWith("nullname: "));
  }

  @Test
  void rowsStoredUnderTheEarlierKeyWithTheCrnsRegionAreStillClaimedAndAnswered() {
    // earlier versions (and replicas not yet upgraded) kept a region equal to the CRN's in the
    // key; the key leaves it out now, and such rows must not be set aside as edited by hand
    UsageRecord named = UsageRecord.builder(CRN, "plan-1").region("us-south")
        .window(T0, T0.plus(Duration.ofHours(1))).measure("API_CALL", 3).build();
    UsageRecord other = UsageRecord.builder(CRN, "plan-1").region("us-south")
        .window(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)))
        .measure("API_CALL", 4).build();
    for (UsageRecord r : List.of(named, other)) {
      String earlierKey = CRN + "|plan-1|us-south|" + r.start().toEpochMilli() + "|"
          + r.end().toEpochMilli() + "|";
      assertThat(earlierKey).isNotEqualTo(r.key());
      TestDatabase.sql("INSERT INTO osb_usage_record (key, resource_instance_id, plan_id,"
          + " region, start_at, end_at, measures, quantities, state) VALUES ('" + earlierKey
          + "', '" + CRN + "', 'plan-1', 'us-south', '" + r.start() + "', '" + r.end()
          + "', '{API_CALL}', '{" + (int) r.quantity("API_CALL") + "}', 'PENDING')");
    }
    List<ClaimedUsage> claimed = outbox.claim("x", 10, T0.plus(Duration.ofHours(3)),
        Duration.ofMinutes(1));
    assertThat(claimed).extracting(ClaimedUsage::record).containsExactly(named, other);
    assertThat(outbox.invalid()).isZero();
    assertThat(outbox.markDelivered("x", List.of(claimed.get(0).key()))).isEqualTo(1);
    ClaimedUsage c = claimed.get(1);
    assertThat(outbox.markRejected("x", new io.github.osbsdk.broker.metering.RejectedUsage(
        c.key(), c.record(), 400, "bad", "bad record", T0.plus(Duration.ofHours(3))))).isTrue();
    assertThat(outbox.rejected(10)).singleElement()
        .satisfies(r -> assertThat(r.record()).isEqualTo(other));
    assertThat(outbox.depth()).isZero();
    assertThat(outbox.invalid()).isZero();
  }

  @Test
  void aRowStoredUnderTheEarlierKeyKeepsThatKeyWhenRejected() {
    // before: the rejection rewrote the row's key to the current one, so the key the sender
    // and the operator know (the listener's rejection carries it) no longer found it:
    // discardRejected answered false
    UsageRecord named = UsageRecord.builder(CRN, "plan-1").region("us-south")
        .window(T0, T0.plus(Duration.ofHours(1))).measure("API_CALL", 3).build();
    String earlierKey = CRN + "|plan-1|us-south|" + T0.toEpochMilli() + "|"
        + T0.plus(Duration.ofHours(1)).toEpochMilli() + "|";
    TestDatabase.sql("INSERT INTO osb_usage_record (key, resource_instance_id, plan_id, region,"
        + " start_at, end_at, measures, quantities, state) VALUES ('" + earlierKey + "', '" + CRN
        + "', 'plan-1', 'us-south', '" + T0 + "', '" + named.end() + "', '{API_CALL}', '{3}',"
        + " 'PENDING')");
    ClaimedUsage c = outbox.claim("x", 10, T0.plus(Duration.ofHours(2)), Duration.ofMinutes(1))
        .get(0);
    assertThat(c.key()).isEqualTo(earlierKey);
    assertThat(outbox.markRejected("x", new io.github.osbsdk.broker.metering.RejectedUsage(
        c.key(), c.record(), 400, "bad", "bad record", T0.plus(Duration.ofHours(2))))).isTrue();
    assertThat(outbox.rejected(10)).singleElement()
        .satisfies(r -> assertThat(r.key()).isEqualTo(earlierKey));
    assertThat(TestDatabase.strings("SELECT key FROM osb_usage_record"))
        .containsExactly(earlierKey);
    assertThat(outbox.discardRejected(earlierKey)).isTrue();
  }

  @Test
  void aRejectedRowThatNoLongerPassesTheChecksIsSetAsideAndTheOthersAreStillListed() {
    TestDatabase.sql("INSERT INTO osb_usage_record (key, resource_instance_id, plan_id,"
        + " start_at, end_at, measures, quantities, state, rejected_status, rejected_at)"
        + " VALUES ('old', '" + CRN + "', 'plan-1', '1969-12-31T23:00:00Z',"
        + " '1970-01-01T00:00:00Z', '{API_CALL}', '{1}', 'REJECTED', 400,"
        + " '2026-01-01T00:00:00Z')");
    outbox.append(List.of(record(0, 5)));
    ClaimedUsage c = outbox.claim("x", 10, T0.plus(Duration.ofHours(2)), Duration.ofMinutes(1))
        .get(0);
    assertThat(outbox.markRejected("x", new io.github.osbsdk.broker.metering.RejectedUsage(
        c.key(), c.record(), 400, "bad", "bad record", T0.plus(Duration.ofHours(3))))).isTrue();
    assertThat(outbox.rejected(10)).singleElement()
        .satisfies(r -> assertThat(r.record()).isEqualTo(record(0, 5)));
    assertThat(outbox.invalid()).isEqualTo(1);
  }

  @Test
  void theLongestRecordAndCountTheMeteringLibraryAcceptsFitTheDatabasesIndexes() {
    // random two-byte characters, which PostgreSQL cannot compress: an instance id of 1,024
    // bytes (the meter's limit) and a region and consumer id that bring the key to its limit
    java.util.Random random = new java.util.Random(7);
    StringBuilder instance = new StringBuilder(CRN);
    while (instance.length() * 2 < 1024 + CRN.length()) {
      instance.append((char) (0x100 + random.nextInt(0x700)));
    }
    StringBuilder consumer = new StringBuilder();
    for (int i = 0; i < 460; i++) {
      consumer.append((char) (0x100 + random.nextInt(0x700)));
    }
    UsageRecord longest = UsageRecord.builder(instance.toString(), "plan-1").region("us-south")
        .consumerId(consumer.toString()).window(T0, T0.plus(Duration.ofHours(1)))
        .measure("API_CALL", 1).build();
    assertThat(longest.key().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isGreaterThan(1900);
    assertThat(outbox.append(List.of(longest))).isEqualTo(1);
    assertThat(outbox.claim("x", 10, T0.plus(Duration.ofHours(2)), Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> assertThat(c.record()).isEqualTo(longest));
    MeterCount count = new MeterCount(instance.toString(), "plan-1", "API_CALL",
        Aggregation.SUM, T0, T0.plus(Duration.ofHours(1)), 1);
    assertThat(outbox.mergeOpenCounts(List.of(count))).isEmpty();
    assertThat(outbox.openCounts()).containsExactly(count);
  }

  @Test
  void countsOfTwoReplicasMergeAndAClosedWindowRefusesTheOtherReplicasLateCounts() {
    UsageOutbox other = PostgresUsageOutbox.create(TestDatabase.replicaB());
    MeterCount a = new MeterCount(CRN, "plan-1", "API_CALL", Aggregation.SUM, T0,
        T0.plus(Duration.ofHours(1)), 2.5);
    outbox.mergeOpenCounts(List.of(a));
    other.mergeOpenCounts(List.of(a.withValue(0.25)));
    assertThat(other.openCounts()).containsExactly(a.withValue(2.75));
    assertThat(other.closeWindows(T0.plus(Duration.ofHours(1)), counts ->
        UsageRecord.builder(CRN, "plan-1").window(T0, T0.plus(Duration.ofHours(1)))
            .measure("API_CALL", counts.get(0).value()).build())).isEqualTo(1);
    assertThat(outbox.mergeOpenCounts(List.of(a))).containsExactly(a);
    assertThat(outbox.claim("x", 10, T0.plus(Duration.ofHours(2)), Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> assertThat(c.record().quantity("API_CALL"))
            .isEqualTo(2.75));
  }

  @Test
  void aWindowWithAnUnreadableCountStaysOpenIsCountedAsInvalidAndTheOthersClose() {
    // a count edited by hand to NaN failed every close, of every window: nothing was billed
    MeterCount good = new MeterCount(CRN, "plan-1", "API_CALL", Aggregation.SUM, T0,
        T0.plus(Duration.ofHours(1)), 3);
    String other = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-0::";
    outbox.mergeOpenCounts(List.of(good, new MeterCount(other, "plan-1", "API_CALL",
        Aggregation.SUM, T0, T0.plus(Duration.ofHours(1)), 1), new MeterCount(other, "plan-1",
        "GB", Aggregation.MAX, T0, T0.plus(Duration.ofHours(1)), 2)));
    TestDatabase.sql("UPDATE osb_usage_count SET value = 'NaN' WHERE resource_instance_id = '"
        + other + "' AND measure = 'GB'");
    for (int tick = 0; tick < 3; tick++) {
      outbox.closeWindows(T0.plus(Duration.ofHours(1)).plusSeconds(tick), counts -> {
        UsageRecord.Builder b = UsageRecord.builder(counts.get(0).resourceInstanceId(),
            "plan-1").window(T0, T0.plus(Duration.ofHours(1)));
        counts.forEach(c -> b.measure(c.measure(), c.value()));
        return b.build();
      });
    }
    assertThat(outbox.claim("x", 10, T0.plus(Duration.ofHours(2)), Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> assertThat(c.record().quantity("API_CALL"))
            .isEqualTo(3));
    // both counts of the window stay: closed without the GB count, it would be billed wrong
    assertThat(TestDatabase.strings("SELECT measure FROM osb_usage_count WHERE"
        + " resource_instance_id = '" + other + "' ORDER BY measure"))
        .containsExactly("API_CALL", "GB");
    assertThat(outbox.invalid()).isEqualTo(1);
  }
}

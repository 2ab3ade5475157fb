package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.metering.Aggregation;
import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.Measure;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.metering.internal.InstanceEnds;
import io.github.osbsdk.broker.metering.internal.MergeHealth;
import io.github.osbsdk.broker.metering.internal.MeterTicker;
import io.github.osbsdk.broker.metering.internal.SeriesRegistry;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.metering.PostgresUsageOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meter hands its open-window counts to the PostgreSQL outbox; the database commits the
 * merge, but the replica never gets the answer (the connection is lost between the commit and
 * its reply, e.g. PostgreSQL killed or restarted at that moment). The counts are in the
 * database once: the next tick must not add them a second time, or the window's record bills
 * them twice.
 */
class MergeAnswerLostAfterCommitTest {
  private static final String CRN = "crn:v1:bluemix:public:svc:us-south:a/acct:inst-lost::";
  private static final long WINDOW = 60_000;
  private static final long T0 = 1_700_000_000_000L / WINDOW * WINDOW;
  private HikariDataSource pool;
  private AnswerLostAfterCommit lost;
  private PostgresUsageOutbox outbox;
  private final AtomicLong now = new AtomicLong(T0 + 1_000);
  private SeriesRegistry registry;
  private MeterTicker ticker;

  @BeforeEach
  void start() {
    TestDatabase.truncateUsage();
    pool = ReplicaServer.pool(TestDatabase.server().getJdbcUrl("postgres", "postgres"),
        "lost-merge", 4, 5_000);
    lost = new AnswerLostAfterCommit(pool);
    outbox = PostgresUsageOutbox.create(lost.dataSource());
    registry = new SeriesRegistry(WINDOW, now::get);
    ticker = new MeterTicker(registry, outbox, now::get, MergeAnswerLostAfterCommitTest::record,
        new InstanceEnds(outbox, now::get), new MergeHealth(now::get));
  }

  @AfterEach
  void stop() {
    pool.close();
  }

  private static UsageRecord record(List<MeterCount> counts) {
    MeterCount first = counts.get(0);
    UsageRecord.Builder b = UsageRecord.builder(first.resourceInstanceId(), first.planId())
        .window(first.windowStart(), first.windowEnd());
    counts.forEach(c -> b.measure(c.measure(), c.value()));
    return b.build();
  }

  private void add(long quantity) {
    registry.findOrCreate(CRN, "metered", "API_CALL", Aggregation.SUM).current().add(quantity);
  }

  private double persisted() {
    return outbox.openCounts().stream().mapToDouble(MeterCount::value).sum();
  }

  @Test
  void countsWhoseMergeCommittedButWhoseAnswerWasLostAreNotMergedAgain() {
    add(5);
    lost.arm("osb_usage_count AS x");
    ticker.tick();
    assertThat(lost.fired()).as("the merge's answer was lost").isTrue();
    assertThat(persisted()).as("the database has the counts once").isEqualTo(5.0);

    now.addAndGet(1_000);
    add(2);
    ticker.tick();
    assertThat(persisted()).as("5 counted before the lost answer, 2 after").isEqualTo(7.0);
  }

  @Test
  void theWindowsRecordBillsEveryCountOnceAfterALostMergeAnswer() {
    add(5);
    lost.arm("osb_usage_count AS x");
    ticker.tick();
    assertThat(lost.fired()).isTrue();
    now.addAndGet(1_000);
    ticker.tick();

    now.set(T0 + WINDOW + 1_500); // the window ended: the next tick closes it
    ticker.tick();
    List<ClaimedUsage> claimed = outbox.claim("sender", 10, Instant.ofEpochMilli(now.get()),
        Duration.ofMinutes(1));
    assertThat(claimed).hasSize(1);
    assertThat(claimed.get(0).record().measuredUsage()).as("billed API_CALL")
        .containsExactly(Measure.of("API_CALL", 5));
  }
}

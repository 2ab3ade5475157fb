package io.github.osbsdk.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.metering.MeteredPlan;
import io.github.osbsdk.broker.metering.MeteredPlans;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.metering.UsageReporter;
import io.github.osbsdk.broker.store.jdbc.Migrations;
import io.github.osbsdk.broker.store.jdbc.metering.PostgresUsageOutbox;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sender throughput from a PostgreSQL outbox to the metering simulator: starts an embedded
 * PostgreSQL, fills the outbox with {@code records} records (one closed hourly window, one record
 * per instance), starts a {@link UsageReporter} on it and measures the time until the simulator
 * has accepted every record, and until the outbox is empty. Target: 5,000 records/s or more.
 * It also reports the CPU time the run took (this JVM, which holds sender and simulator, plus the
 * PostgreSQL server), which a busy shared machine distorts far less than wall-clock time.
 *
 * <p>Run with {@code bench/run-metering-throughput.sh [records] [claim size] [rounds]}.
 */
public final class MeteringThroughput {
  private static final String RESOURCE_ID = "bench-service";
  private static final String PLAN = "metered";

  private MeteringThroughput() {}

  /**
   * Runs the measurement and prints the figures.
   *
   * @param args optional: the number of records (default 20000), the reporter's claim size
   *     (default: the reporter's own), the number of rounds (default 2: a warm-up round, then
   *     the measured one; each sends its own records)
   * @throws Exception when the database or the simulator fails
   */
  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Integer claimSize = args.length > 1 ? Integer.valueOf(args[1]) : null;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Path data = Files.createTempDirectory("metering-bench-pg");
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data).start();
        HikariDataSource ds = pool(pg.getJdbcUrl("postgres", "postgres"));
        MeteringSimulator metering = MeteringSimulator.start()) {
      Migrations.apply(ds);
      PostgresUsageOutbox outbox = PostgresUsageOutbox.create(ds);
      metering.declarePlan(PLAN, "API_CALL");
      CpuTime cpu = new CpuTime(data);
      for (int round = 1; round <= rounds; round++) {
        System.out.printf(Locale.ROOT, "-- round %d of %d%s%n", round, rounds,
            round < rounds ? " (warm-up)" : "");
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(round));
        fill(outbox, records, end.minus(Duration.ofHours(1)), end);
        drain(metering, outbox, records, claimSize, cpu);
      }
    }
  }

  private static void fill(PostgresUsageOutbox outbox, int records, Instant start,
      Instant end) {
    long fill = System.nanoTime();
    List<UsageRecord> chunk = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      chunk.add(UsageRecord.builder("crn:v1:bluemix:public:bench:us-south:a/acct:inst-" + i
          + "::", PLAN).window(start, end).measure("API_CALL", 1 + i % 10).build());
      if (chunk.size() == 1_000 || i == records - 1) {
        outbox.append(chunk);
        chunk = new ArrayList<>();
      }
    }
    System.out.printf(Locale.ROOT, "filled the outbox with %,d records in %.1f s%n", records,
        (System.nanoTime() - fill) / 1e9);
  }

  private static void drain(MeteringSimulator metering, PostgresUsageOutbox outbox, int records,
      Integer claimSize, CpuTime cpu) throws Exception {
    int before = metering.acceptedRecords().size();
    int requestsBefore = metering.batches().size();
    TimedOutbox timed = new TimedOutbox(outbox);
    UsageReporter.Builder builder = UsageReporter.builder(MeteredPlans.of(
            MeteredPlan.of(RESOURCE_ID, PLAN, "API_CALL")))
        .baseUrl(metering.baseUrl())
        .tokenSource(() -> "bench-token")
        .outbox(timed)
        .pollInterval(Duration.ofMillis(50));
    if (claimSize != null) {
      builder.claimSize(claimSize).lease(Duration.ofMinutes(30));
    }
    long cpuBefore = cpu.nanos();
    long t0 = System.nanoTime();
    long allAccepted = -1;
    try (UsageReporter reporter = builder.build()) {
      long deadline = t0 + Duration.ofMinutes(5).toNanos();
      while (System.nanoTime() < deadline) {
        if (allAccepted < 0 && metering.acceptedRecords().size() - before >= records) {
          allAccepted = System.nanoTime() - t0;
        }
        if (allAccepted >= 0 && reporter.depth() == 0) {
          break;
        }
        Thread.sleep(20);
      }
      long drained = System.nanoTime() - t0;
      long cpuUsed = cpu.nanos() - cpuBefore;
      if (allAccepted < 0) {
        throw new IllegalStateException("the simulator accepted only "
            + (metering.acceptedRecords().size() - before) + " of " + records
            + " records in 5 minutes");
      }
      System.out.printf(Locale.ROOT, "simulator accepted all %,d records after %.2f s: %,.0f"
          + " records/s%n", records, allAccepted / 1e9, records / (allAccepted / 1e9));
      System.out.printf(Locale.ROOT, "outbox empty after %.2f s: %,.0f records/s"
          + " (%d requests, %d duplicates)%n", drained / 1e9, records / (drained / 1e9),
          metering.batches().size() - requestsBefore, metering.duplicateCount());
      System.out.println(timed.summary() + String.format(Locale.ROOT,
          "; the rest (HTTP, JSON, simulator) %.2f s", (drained - timed.outboxNanos()) / 1e9));
      System.out.printf(Locale.ROOT, "CPU time (this JVM: sender + simulator, and PostgreSQL):"
          + " %.2f s = %.0f us per record, i.e. %,.0f records per CPU-second%n",
          cpuUsed / 1e9, cpuUsed / 1e3 / records, records / (cpuUsed / 1e9));
    }
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(4);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }
}

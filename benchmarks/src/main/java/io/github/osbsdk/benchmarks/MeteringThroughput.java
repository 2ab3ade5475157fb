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
 *
 * <p>Run with {@code bench/run-metering-throughput.sh [records] [claim size]}.
 */
public final class MeteringThroughput {
  private static final String RESOURCE_ID = "bench-service";
  private static final String PLAN = "metered";

  private MeteringThroughput() {}

  /**
   * Runs the measurement and prints the figures.
   *
   * @param args optional: the number of records (default 20000), the reporter's claim size
   *     (default: the reporter's own)
   * @throws Exception when the database or the simulator fails
   */
  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Integer claimSize = args.length > 1 ? Integer.valueOf(args[1]) : null;
    try (EmbeddedPostgres pg = EmbeddedPostgres.start();
        HikariDataSource ds = pool(pg.getJdbcUrl("postgres", "postgres"));
        MeteringSimulator metering = MeteringSimulator.start()) {
      Migrations.apply(ds);
      PostgresUsageOutbox outbox = PostgresUsageOutbox.create(ds);
      metering.declarePlan(PLAN, "API_CALL");
      Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
      Instant start = end.minus(Duration.ofHours(1));
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

      TimedOutbox timed = new TimedOutbox(outbox);
      UsageReporter.Builder builder = UsageReporter.builder(MeteredPlans.of(
              MeteredPlan.of(RESOURCE_ID, PLAN, "API_CALL")))
          .baseUrl(metering.baseUrl())
          .tokenSource(() -> "bench-token")
          .outbox(timed)
          .pollInterval(Duration.ofMillis(50));
      if (claimSize != null) {
        builder.claimSize(claimSize);
      }
      long t0 = System.nanoTime();
      long allAccepted = -1;
      try (UsageReporter reporter = builder.build()) {
        long deadline = t0 + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
          if (allAccepted < 0 && metering.acceptedRecords().size() >= records) {
            allAccepted = System.nanoTime() - t0;
          }
          if (allAccepted >= 0 && reporter.depth() == 0) {
            break;
          }
          Thread.sleep(20);
        }
        long drained = System.nanoTime() - t0;
        if (allAccepted < 0) {
          throw new IllegalStateException("the simulator accepted only "
              + metering.acceptedRecords().size() + " of " + records + " records in 5 minutes");
        }
        System.out.printf(Locale.ROOT, "simulator accepted all %,d records after %.2f s: %,.0f"
            + " records/s%n", records, allAccepted / 1e9, records / (allAccepted / 1e9));
        System.out.printf(Locale.ROOT, "outbox empty after %.2f s: %,.0f records/s"
            + " (%d requests, %d duplicates)%n", drained / 1e9, records / (drained / 1e9),
            metering.batches().size(), metering.duplicateCount());
        System.out.println(timed.summary() + String.format(Locale.ROOT,
            "; the rest (HTTP, JSON, simulator) %.2f s", (drained - timed.outboxNanos()) / 1e9));
      }
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

package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.store.DifferentialTrail;
import io.github.osbsdk.broker.metering.Aggregation;
import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.InMemoryUsageOutbox;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the two usage outboxes (the PostgreSQL one judging leases and next attempts
 * by a clock the test sets, in step with the in-memory one's {@code now}): one seeded random
 * sequence of outbox calls (appends with repeated keys, claims by two senders with leases that run
 * out, deliveries, rejections, releases, discards, open-window merges of SUM and MAX counts, window
 * closes) goes to {@link InMemoryUsageOutbox} and to {@link PostgresUsageOutbox}; every answer, and
 * after every call the depth, the rejected list and the open counts, must be the same. A lost or
 * doubled record is a wrong bill, so the two must agree on every record's fate, not only on the
 * rules {@code UsageOutboxContract} tests one at a time. A failure names the seed and the step;
 * more seeds with {@code -Dusage.differential.seeds=N}.
 */
class OutboxDifferentialTest {
  /** Well in the past: the PostgreSQL outbox claims and closes by the server's clock. */
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String[] INSTANCES = {
    "crn:v1:bluemix:public:svc:us-south:a/acct:inst-a::",
    "crn:v1:bluemix:public:svc:us-south:a/acct:inst-b::"};
  private static final String[] OWNERS = {"sender-a", "sender-b"};
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final int STEPS = 150;

  @Test
  void randomCallSequencesGetTheSameAnswersFromMemoryAndPostgres() {
    int seeds = Integer.getInteger("usage.differential.seeds", 8);
    Set<String> outcomes = new TreeSet<>();
    TestDatabase.sql("CREATE TABLE IF NOT EXISTS osb_test_clock (at timestamptz NOT NULL)");
    try {
      for (int seed = 1; seed <= seeds; seed++) {
        TestDatabase.truncateUsage();
        TestDatabase.sql("DELETE FROM osb_test_clock");
        TestDatabase.sql("INSERT INTO osb_test_clock VALUES ('" + T0 + "')");
        new Run(seed, new InMemoryUsageOutbox(), PostgresUsageOutbox.withLeaseClock(
            TestDatabase.replicaA(), "(SELECT at FROM osb_test_clock)"), outcomes).go();
      }
    } finally {
      TestDatabase.sql("DROP TABLE osb_test_clock");
    }
    assertThat(outcomes).contains("append some", "append none", "claim some", "claim none",
        "markDelivered some", "markDelivered none", "markRejected true", "markRejected false",
        "release some", "release none", "discardRejected true", "discardRejected false",
        "mergeOpenCounts some", "mergeOpenCounts none", "closeWindows some", "closeWindows none");
  }

  /** One seeded sequence against both outboxes. */
  private static final class Run {
    private final int seed;
    private final Random random;
    private final UsageOutbox memory;
    private final UsageOutbox postgres;
    private final Set<String> outcomes;
    private final Map<String, UsageRecord> records = new LinkedHashMap<>();
    private final DifferentialTrail trail;
    private Instant now = T0.plus(Duration.ofHours(3));
    private Instant closedThrough = T0;
    private int step;

    Run(int seed, UsageOutbox memory, UsageOutbox postgres, Set<String> outcomes) {
      this.seed = seed;
      this.trail = new DifferentialTrail(seed);
      this.random = new Random(seed);
      this.memory = memory;
      this.postgres = postgres;
      this.outcomes = outcomes;
    }

    void go() {
      for (step = 1; step <= STEPS; step++) {
        now = now.plusMillis(random.nextInt(30_000)).truncatedTo(ChronoUnit.MILLIS);
        TestDatabase.sql("UPDATE osb_test_clock SET at = '" + now + "'");
        oneCall();
        same("depth", UsageOutbox::depth);
        same("rejected", o -> o.rejected(1_000));
        same("openCounts", o -> sortedCounts(o.openCounts()));
      }
    }

    private <T> T pick(T[] values) {
      return values[random.nextInt(values.length)];
    }

    private UsageRecord record() {
      Instant start = T0.plus(Duration.ofHours(random.nextInt(4)));
      UsageRecord.Builder b = UsageRecord.builder(pick(INSTANCES), "plan-" + random.nextInt(2))
          .window(start, start.plus(Duration.ofHours(1)))
          .measure("API_CALL", random.nextInt(1_000) / 10.0);
      if (random.nextInt(3) == 0) {
        b.consumerId("consumer-" + random.nextInt(2));
      }
      return b.build();
    }

    private List<String> someKeys() {
      List<String> known = new ArrayList<>(records.keySet());
      List<String> chosen = new ArrayList<>();
      int n = random.nextInt(4);
      for (int i = 0; i < n && !known.isEmpty(); i++) {
        chosen.add(random.nextInt(6) == 0 ? "no-such-key"
            : known.get(random.nextInt(known.size())));
      }
      return chosen;
    }

    private void oneCall() {
      String owner = pick(OWNERS);
      switch (random.nextInt(10)) {
        case 0, 1 -> {
          List<UsageRecord> batch = new ArrayList<>();
          for (int i = random.nextInt(3) + 1; i > 0; i--) {
            batch.add(record());
          }
          batch.forEach(r -> records.putIfAbsent(r.key(), r));
          call("append", o -> o.append(batch));
        }
        case 2, 3 -> {
          int max = random.nextInt(4) + 1;
          Instant at = now;
          call("claim " + owner + " max " + max, o -> o.claim(owner, max, at, LEASE));
        }
        case 4 -> {
          List<String> chosen = someKeys();
          call("markDelivered " + owner + " " + chosen, o -> o.markDelivered(owner, chosen));
        }
        case 5 -> {
          List<String> chosen = someKeys();
          if (!chosen.isEmpty() && records.containsKey(chosen.get(0))) {
            RejectedUsage rejection = new RejectedUsage(chosen.get(0),
                records.get(chosen.get(0)), 400, "bad_plan", "the plan is unknown", now);
            call("markRejected " + owner + " " + chosen.get(0),
                o -> o.markRejected(owner, rejection));
          }
        }
        case 6 -> {
          List<String> chosen = someKeys();
          Instant next = now.plusSeconds(random.nextInt(90));
          call("release " + owner + " " + chosen, o -> o.release(owner, chosen, next));
        }
        case 7 -> {
          List<String> chosen = someKeys();
          if (!chosen.isEmpty()) {
            String key = chosen.get(0);
            call("discardRejected " + key, o -> o.discardRejected(key));
          }
        }
        case 8 -> {
          List<MeterCount> counts = new ArrayList<>();
          for (int i = random.nextInt(3) + 1; i > 0; i--) {
            Instant start = T0.plus(Duration.ofHours(random.nextInt(5)));
            boolean sum = random.nextBoolean();
            counts.add(new MeterCount(pick(INSTANCES), "plan-0", sum ? "API_CALL" : "STORAGE",
                sum ? Aggregation.SUM : Aggregation.MAX, start, start.plus(Duration.ofHours(1)),
                random.nextInt(100) / 10.0));
          }
          call("mergeOpenCounts", o -> o.mergeOpenCounts(counts));
        }
        default -> {
          closedThrough = closedThrough.plus(Duration.ofHours(random.nextInt(2)));
          Instant cutoff = closedThrough;
          call("closeWindows " + cutoff, o -> o.closeWindows(cutoff, Run::toRecord));
        }
      }
    }

    /** One record per instance, plan and window, as the meter builds it. */
    private static UsageRecord toRecord(List<MeterCount> counts) {
      List<MeterCount> sorted = sortedCounts(counts);
      MeterCount first = sorted.get(0);
      UsageRecord.Builder b = UsageRecord.builder(first.resourceInstanceId(), first.planId())
          .window(first.windowStart(), first.windowEnd());
      for (MeterCount c : sorted) {
        b.measure(c.measure(), c.value());
      }
      return b.build();
    }

    private static List<MeterCount> sortedCounts(List<MeterCount> counts) {
      return counts.stream().sorted(Comparator.comparing(MeterCount::resourceInstanceId)
          .thenComparing(MeterCount::planId).thenComparing(MeterCount::windowStart)
          .thenComparing(MeterCount::measure)).toList();
    }

    private <R> void call(String what, Function<UsageOutbox, R> action) {
      trail.add(step, what);
      R expected = same(what, action);
      if (expected instanceof List<?> l) {
        // claims make the keys of closed windows' records known for later calls
        l.stream().filter(ClaimedUsage.class::isInstance).map(ClaimedUsage.class::cast)
            .forEach(c -> records.putIfAbsent(c.key(), c.record()));
      }
      String name = what.contains(" ") ? what.substring(0, what.indexOf(' ')) : what;
      outcomes.add(name + " " + DifferentialTrail.kind(expected));
    }

    private <R> R same(String what, Function<UsageOutbox, R> action) {
      R expected = action.apply(memory);
      R actual = action.apply(postgres);
      assertThat(actual).as(where(what)).isEqualTo(expected);
      return expected;
    }

    private String where(String what) {
      return trail.where(step, what);
    }
  }
}

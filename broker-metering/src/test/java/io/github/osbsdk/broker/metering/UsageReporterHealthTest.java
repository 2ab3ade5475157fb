package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.health.ComponentHealth;
import io.github.osbsdk.broker.core.health.HealthStatus;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.metering.internal.MergeHealth;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metering health while the outbox fails: a database that reads but refuses writes. */
class UsageReporterHealthTest {
  /** What a read-only database still answers: the outbox's reads. */
  private static final Set<String> READS = Set.of("rejected", "rejectedCount", "depth",
      "invalid", "droppedLateCounts", "openCounts", "durable", "endedAt", "heldCounts",
      "unsummableWindows");
  /**
   * What a read-only database refuses: every other method of the outbox SPI, found by
   * reflection, so that a method added to it (as the plan ends were) is refused too unless it
   * is listed as a read.
   */
  private static final Set<String> WRITES = Arrays.stream(UsageOutbox.class.getMethods())
      .map(Method::getName).filter(name -> !READS.contains(name))
      .collect(Collectors.toUnmodifiableSet());
  private MeteringSimulator sim;
  private volatile boolean readOnly;
  private volatile boolean mergesFail;
  /** Whether the outbox cannot tell instance ends (its other calls answer). */
  private volatile boolean endsUnknown;

  @BeforeEach
  void start() {
    sim = MeteringSimulator.start();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  /** An in-memory outbox that, while {@link #readOnly}, answers reads and refuses writes. */
  private UsageOutbox outbox() {
    InMemoryUsageOutbox target = new InMemoryUsageOutbox();
    return (UsageOutbox) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {UsageOutbox.class}, (proxy, method, args) -> {
          if (readOnly && WRITES.contains(method.getName())
              || mergesFail && method.getName().equals("mergeOpenCounts")) {
            throw new StoreUnavailableException("read-only transaction (SQLState 25006)", null);
          }
          // the release of held counts reads the ends too
          if (endsUnknown && (method.getName().equals("endedAt")
              || method.getName().equals("releaseHeldCounts"))) {
            throw new StoreUnavailableException("canceling statement due to lock timeout", null);
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void everyWriteOfTheOutboxSpiIsRefusedByTheReadOnlyOutbox() {
    // before: a hand-written list that missed the plan ends (endPlan, changePlan) among others
    Set<String> spi = Arrays.stream(UsageOutbox.class.getMethods()).map(Method::getName)
        .collect(Collectors.toSet());
    assertThat(spi).as("every read listed is a method of the SPI").containsAll(READS);
    assertThat(WRITES).contains("claim", "append", "mergeOpenCounts", "closeWindows",
        "endInstance", "endPlan", "changePlan", "pruneIfDue", "holdBack", "leave");
    readOnly = true;
    UsageOutbox outbox = outbox();
    assertThatThrownBy(() -> outbox.endPlan(Fixtures.crn(1), Fixtures.PLAN, Instant.EPOCH,
        counts -> null)).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> outbox.changePlan(Fixtures.crn(1), Fixtures.PLAN, "other",
        Instant.EPOCH, counts -> null)).isInstanceOf(StoreUnavailableException.class);
    assertThat(outbox.endedAt(Fixtures.crn(1), Fixtures.PLAN)).isEmpty(); // a read answers
  }

  @Test
  void aWindowTheOutboxLeftOpenForItsSumCountsAmongTheUnclosedWindows() {
    // before: 0, while the window stayed open and unbilled (one WARN line said so)
    double huge = Double.MAX_VALUE / 2 * 1.5; // twice it passes the largest double
    Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Instant start = end.minus(Duration.ofHours(1));
    MeterCount count = new MeterCount(Fixtures.crn(1), Fixtures.PLAN, "API_CALL",
        Aggregation.SUM, start, end, huge);
    Function<List<MeterCount>, UsageRecord> toRecord = counts -> UsageRecord.builder(
        Fixtures.crn(1), Fixtures.PLAN).window(start, end)
        .measure("API_CALL", counts.stream().mapToDouble(MeterCount::value).sum()).build();
    InMemoryUsageOutbox outbox = new InMemoryUsageOutbox();
    outbox.append(List.of(toRecord.apply(List.of(count)))); // unsent, under the window's key
    outbox.mergeOpenCounts(List.of(count));
    assertThat(outbox.closeWindows(end, toRecord)).as("left open").isZero();
    try (UsageReporter reporter = Fixtures.reporter(sim).outbox(outbox).build()) {
      assertThat(reporter.health().check().details()).containsEntry("unclosedWindows", 1);

      Await.until(() -> reporter.depth() == 0, "the unsent record sent");
      assertThat(outbox.closeWindows(end, toRecord)).as("under a late key").isOne();
      assertThat(reporter.health().check().details()).containsEntry("unclosedWindows", 0);
      Await.until(() -> sim.acceptedRecords().size() == 2, "the window billed");
    }
  }

  @Test
  void theHealthIsDownWhileTheOutboxFailsAndSaysWhy() {
    // before: UP with lastSend delivered, while the sender logged "outbox failed, retrying"
    try (UsageReporter reporter = Fixtures.reporter(sim).outbox(outbox()).build()) {
      Await.until(() -> reporter.health().check().status() == HealthStatus.UP, "up");
      readOnly = true;
      Await.until(() -> reporter.health().check().status() == HealthStatus.DOWN,
          "down while the outbox fails");
      ComponentHealth down = reporter.health().check();
      assertThat(down.details().get("error").toString())
          .contains("the outbox fails").contains("StoreUnavailableException")
          .doesNotContain("25006"); // the message stays in the log
      assertThat(down.details()).containsKey("outboxFailingSince");
      readOnly = false;
      Await.until(() -> reporter.health().check().status() == HealthStatus.UP,
          "up again once the outbox answers");
      assertThat(reporter.health().check().details()).doesNotContainKey("outboxFailingSince");
    }
  }

  @Test
  void theHealthIsDownWhileTheMetersMergesKeepFailingAndUpAgainOnceOneSucceeds() {
    // before: UP throughout, while every count waited in memory, lost by a crash
    try (UsageReporter reporter = Fixtures.reporter(sim).outbox(outbox()).build()) {
      UsageMeter meter = UsageMeter.builder(reporter).manualTicks().build();
      Await.until(() -> reporter.health().check().status() == HealthStatus.UP, "up");
      mergesFail = true;
      for (int i = 1; i < MergeHealth.FAILURES_IN_A_ROW; i++) {
        meter.add(Fixtures.crn(1), Fixtures.PLAN, "API_CALL", 1);
        meter.tick();
        // one failed merge, e.g. a database failover, is retried at the next tick
        assertThat(reporter.health().check().status()).isEqualTo(HealthStatus.UP);
      }
      meter.tick();
      ComponentHealth down = reporter.health().check();
      assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(down.details()).containsKey("mergesFailingSince");
      assertThat(down.details().get("error").toString()).contains("cannot persist its counts")
          .doesNotContain("25006");
      mergesFail = false;
      meter.tick();
      ComponentHealth up = reporter.health().check();
      assertThat(up.status()).isEqualTo(HealthStatus.UP);
      assertThat(up.details()).doesNotContainKey("mergesFailingSince");
      assertThat(reporter.outbox().openCounts()).singleElement()
          .satisfies(c -> assertThat(c.value()).isEqualTo(MergeHealth.FAILURES_IN_A_ROW - 1));
    }
  }

  @Test
  void theHealthIsDownWhileCountsWaitInMemoryForAnEndTheOutboxCannotTell() {
    // before: UP throughout, while the refused count waited in memory, lost by a crash
    try (UsageReporter reporter = Fixtures.reporter(sim).outbox(outbox()).build()) {
      UsageMeter meter = UsageMeter.builder(reporter).manualTicks().build();
      meter.endPlan(Fixtures.crn(1), Fixtures.PLAN, Instant.now());
      endsUnknown = true;
      meter.add(Fixtures.crn(1), Fixtures.PLAN, "API_CALL", 1); // refused: its plan ended
      for (int i = 1; i < MergeHealth.FAILURES_IN_A_ROW; i++) {
        meter.tick();
        assertThat(reporter.health().check().status()).isEqualTo(HealthStatus.UP);
      }
      meter.tick();
      ComponentHealth down = reporter.health().check();
      assertThat(down.status()).as("the count waits in memory").isEqualTo(HealthStatus.DOWN);
      assertThat(down.details()).containsKey("mergesFailingSince");
      assertThat(down.details().get("error").toString()).contains("wait in memory")
          .doesNotContain("lock timeout");
      endsUnknown = false;
      meter.tick(); // the outbox tells the end: the count is dropped, nothing waits
      assertThat(meter.droppedAfterEnd()).isOne();
      ComponentHealth up = reporter.health().check();
      assertThat(up.status()).isEqualTo(HealthStatus.UP);
      assertThat(up.details()).doesNotContainKey("mergesFailingSince");
    }
  }
}

package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the meter does with a count the outbox refused while the outbox cannot tell whether the
 * count's instance ended ({@link UsageOutbox#endedAt} fails, merges still answer): the count
 * stays in its window, in memory, until the outbox answers (from broker-metering's test-jar,
 * like {@link UsageOutboxContract}): an implementation's test extends it and returns a fresh,
 * empty outbox from {@link #newOutbox()}.
 *
 * <p>Found in review: such a count moved to the next window and was merged again, 17 times a
 * tick, and took its series' current window along (17 hours ahead on every tick). Once the
 * instance came back to the plan, its new counts went into that future window: billed days
 * after they were made, or, on a non-durable outbox's close, a record IBM refuses. And such a
 * count, with the counts added to its series meanwhile, waited in memory unseen: a deprovision
 * ended the instance over them, and they were dropped as late once the outbox answered.
 */
public abstract class UnknownEndContract {
  /**
   * The start of an hour two hours ago: a shared outbox prunes ends older than its retention
   * (3 days) on its own clock, whatever the meter's clock says, and the plan's end must stay.
   */
  private final Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS)
      .minus(Duration.ofHours(2));
  private static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  private static final String SMALL = "metered-small";
  private static final String LARGE = "metered-large";

  private MeteringSimulator sim;
  private final TestClock clock = new TestClock(hour.plusMillis(500));
  /** Whether the outbox cannot tell instance ends (its other calls answer). */
  private final AtomicBoolean endsUnknown = new AtomicBoolean();

  /**
   * Returns a fresh, empty outbox.
   *
   * @return the outbox
   */
  protected abstract UsageOutbox newOutbox();

  /**
   * Returns a new outbox object on the storage of the last {@link #newOutbox()}, as a process
   * started after a crash makes it. Called only for a durable outbox; the default fails.
   *
   * @return the outbox
   */
  protected UsageOutbox reopen() {
    throw new UnsupportedOperationException("a durable outbox's test overrides reopen()");
  }

  @BeforeEach
  void startSimulator() {
    sim = MeteringSimulator.start();
  }

  @AfterEach
  void stopSimulator() {
    sim.close();
  }

  /**
   * The outbox, whose {@code endedAt} and {@code releaseHeldCounts} (which reads the ends) fail
   * while {@link #endsUnknown} is set.
   */
  private UsageOutbox failingEnds(UsageOutbox stored) {
    return (UsageOutbox) Proxy.newProxyInstance(UsageOutbox.class.getClassLoader(),
        new Class<?>[] {UsageOutbox.class}, (proxy, method, args) -> {
          if ((method.getName().equals("endedAt") || method.getName().equals("releaseHeldCounts"))
              && endsUnknown.get()) {
            throw new IllegalStateException("database unavailable");
          }
          try {
            return method.invoke(stored, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private UsageMeter meter(UsageReporter on) {
    return UsageMeter.builder(on).clock(clock).manualTicks().build();
  }

  @Test
  void countsOfAPlanTheInstanceCameBackToAreBilledInTheWindowTheyWereMadeIn() {
    UsageOutbox stored = newOutbox();
    UsageReporter on = Fixtures.reporter(sim, MeteredPlans.of(
        MeteredPlan.of(Fixtures.RESOURCE, SMALL, "API_CALL"),
        MeteredPlan.of(Fixtures.RESOURCE, LARGE, "API_CALL"))).outbox(failingEnds(stored))
        .build();
    try {
      UsageMeter replicaA = meter(on);
      UsageMeter replicaB = meter(on);
      replicaA.changePlan(CRN, SMALL, LARGE, clock.instant()); // small -> large
      replicaB.add(CRN, SMALL, "API_CALL", 2); // racing the change: refused
      endsUnknown.set(true);
      for (int i = 0; i < 3; i++) { // 3 s of an outage, a tick a second
        clock.advance(Duration.ofSeconds(1));
        replicaB.tick();
      }
      endsUnknown.set(false);
      clock.advance(Duration.ofSeconds(1));
      replicaB.tick();
      assertThat(replicaB.droppedAfterEnd()).as("the racing count, dropped").isOne();

      replicaA.changePlan(CRN, LARGE, SMALL, clock.instant()); // large -> small again
      clock.advance(Duration.ofSeconds(1));
      replicaB.add(CRN, SMALL, "API_CALL", 4); // the instance is on small again
      replicaB.tick();

      assertThat(stored.openCounts()).as("small's counts, in the window they were made in")
          .singleElement().satisfies(c -> {
            assertThat(c.planId()).isEqualTo(SMALL);
            assertThat(c.windowStart()).isEqualTo(hour);
            assertThat(c.value()).isEqualTo(4.0);
          });
      clock.advance(Duration.ofHours(1)); // past that window's end: its record is queued
      replicaB.tick();
      assertThat(stored.openCounts()).isEmpty();
      replicaA.close();
      replicaB.close();
    } finally {
      on.close();
    }
    assertThat(sim.acceptedRecords()).singleElement().satisfies(r -> {
      assertThat(r.planId()).isEqualTo(SMALL);
      // from the first count of the window (its first window: the instance's first count)
      assertThat(r.start()).isBetween(hour.toEpochMilli(), hour.toEpochMilli() + 999);
      assertThat(r.end()).isEqualTo(hour.plus(Duration.ofHours(1)).toEpochMilli());
      assertThat(r.measures()).containsEntry("API_CALL", 4.0);
    });
  }

  @Test
  void countsWaitingForAnUnknownEndAreBilledNotLostByADeprovisionMeanwhile() {
    // before: the deprovision during the outage ended the instance over the 2 + 3 waiting in
    // memory (the tick "succeeded"), which were then dropped as late: 4 billed instead of 9
    UsageOutbox stored = newOutbox();
    UsageReporter on = Fixtures.reporter(sim, MeteredPlans.of(
        MeteredPlan.of(Fixtures.RESOURCE, SMALL, "API_CALL"))).outbox(failingEnds(stored))
        .build();
    Instant nextHour = hour.plus(Duration.ofHours(1));
    // replica A's clock is 3.5 s ahead of B's: it closes the window before B's clock ends it
    TestClock ahead = new TestClock(nextHour.plusSeconds(1));
    boolean endedDuringTheOutage;
    try {
      UsageMeter replicaA = UsageMeter.builder(on).clock(ahead).manualTicks().build();
      UsageMeter replicaB = meter(on);
      clock.advance(Duration.ofMinutes(59).plusSeconds(57)); // 2.5 s before the window's end
      replicaB.add(CRN, SMALL, "API_CALL", 2);
      replicaA.tick(); // closes the window: B's 2 go to the next one, or wait in memory
      endsUnknown.set(true);
      clock.advance(Duration.ofSeconds(1));
      replicaB.tick(); // refused, and whether the instance ended is unknown: kept
      replicaB.add(CRN, SMALL, "API_CALL", 3); // added to that series meanwhile
      clock.advance(Duration.ofSeconds(1));
      replicaB.tick();
      clock.advance(Duration.ofSeconds(2)); // B's next window
      replicaB.tick();
      replicaB.add(CRN, SMALL, "API_CALL", 4);
      replicaB.tick();
      assertThat(stored.openCounts()).as("the next window's count, persisted in its own window"
          + " while the 2 + 3 wait").singleElement().satisfies(c -> {
            assertThat(c.windowStart()).isEqualTo(nextHour);
            assertThat(c.value()).isEqualTo(4.0);
          });
      BooleanSupplier deprovision = () -> {
        try {
          replicaB.endInstance(CRN, clock.instant());
          return true;
        } catch (IllegalStateException e) { // the platform repeats the deprovision later
          return false;
        }
      };
      endedDuringTheOutage = deprovision.getAsBoolean();
      endsUnknown.set(false);
      clock.advance(Duration.ofSeconds(1));
      replicaB.tick();
      if (!endedDuringTheOutage) {
        assertThat(deprovision.getAsBoolean()).as("the deprovision, repeated").isTrue();
      }
      replicaA.close();
      replicaB.close();
    } finally {
      on.close();
    }
    assertThat(sim.total(CRN, SMALL, "API_CALL")).as("every count made before the end, billed")
        .isEqualTo(9.0);
    // the 2 + 3, held until the end was known, in their own window's record; the 4 in the next
    assertThat(sim.acceptedRecords()).hasSize(2).anySatisfy(r -> {
      assertThat(r.end()).isEqualTo(nextHour.toEpochMilli());
      assertThat(r.measures()).containsEntry("API_CALL", 5.0);
    }).anySatisfy(r -> {
      assertThat(r.start()).isGreaterThanOrEqualTo(nextHour.toEpochMilli());
      assertThat(r.measures()).containsEntry("API_CALL", 4.0);
    });
    assertThat(endedDuringTheOutage).as("refused while counts of the instance wait in memory")
        .isFalse();
  }

  @Test
  void aCountWaitingForAnEndThatIsLiftedMeanwhileIsBilledInItsOwnHour() {
    // before: once the end could be read, the count was moved to the current window (an hour
    // or more after it was made; the next month's bill, for the last hour of a month)
    UsageOutbox stored = newOutbox();
    UsageReporter on = Fixtures.reporter(sim, MeteredPlans.of(
        MeteredPlan.of(Fixtures.RESOURCE, SMALL, "API_CALL"),
        MeteredPlan.of(Fixtures.RESOURCE, LARGE, "API_CALL"))).outbox(failingEnds(stored))
        .build();
    try {
      UsageMeter replicaA = meter(on);
      UsageMeter replicaB = meter(on);
      replicaA.changePlan(CRN, SMALL, LARGE, clock.instant()); // small -> large
      replicaB.add(CRN, SMALL, "API_CALL", 2); // racing the change: refused
      endsUnknown.set(true);
      clock.advance(Duration.ofSeconds(1));
      replicaB.tick(); // whether the plan ended is unknown: the count waits
      clock.advance(Duration.ofSeconds(1));
      replicaA.changePlan(CRN, LARGE, SMALL, clock.instant()); // the update failed: back
      clock.advance(Duration.ofHours(1)); // past the count's window, which A closes
      replicaA.tick();
      endsUnknown.set(false);
      replicaB.tick();
      replicaB.tick();
      replicaA.close();
      replicaB.close();
    } finally {
      on.close();
    }
    assertThat(sim.acceptedRecords()).as("once, in the hour it was made in").singleElement()
        .satisfies(r -> {
          assertThat(r.planId()).isEqualTo(SMALL);
          assertThat(r.start()).isBetween(hour.toEpochMilli(), hour.toEpochMilli() + 999);
          assertThat(r.end()).isEqualTo(hour.plus(Duration.ofHours(1)).toEpochMilli());
          assertThat(r.measures()).containsEntry("API_CALL", 2.0);
        });
  }

  @Test
  void aHeldWindowThisReplicaCannotBillStaysHeldAndTheOthersAreBilled() {
    // before: the whole release failed at every tick of the replica without a region: nothing
    // was billed, and the health stayed DOWN
    String plain = "plain-id";
    UsageOutbox stored = newOutbox();
    UsageReporter on = Fixtures.reporter(sim, MeteredPlans.of(
        MeteredPlan.of(Fixtures.RESOURCE, SMALL, "API_CALL"),
        MeteredPlan.of(Fixtures.RESOURCE, LARGE, "API_CALL"))).outbox(failingEnds(stored))
        .build();
    try {
      UsageMeter noRegion = meter(on);
      UsageMeter withRegion = UsageMeter.builder(on).clock(clock).region("eu-de")
          .manualTicks().build();
      noRegion.changePlan(CRN, SMALL, LARGE, clock.instant());
      noRegion.changePlan(plain, SMALL, LARGE, clock.instant());
      withRegion.add(CRN, SMALL, "API_CALL", 2); // racing the changes: refused
      withRegion.add(plain, SMALL, "API_CALL", 3);
      endsUnknown.set(true);
      clock.advance(Duration.ofSeconds(1));
      withRegion.tick(); // whether the plans ended is unknown: the outbox holds both
      clock.advance(Duration.ofSeconds(1));
      noRegion.changePlan(CRN, LARGE, SMALL, clock.instant()); // the updates failed: back
      noRegion.changePlan(plain, LARGE, SMALL, clock.instant());
      clock.advance(Duration.ofHours(1)); // past the counts' window, which is closed
      noRegion.tick();
      endsUnknown.set(false);
      try (StderrCapture log = new StderrCapture()) {
        noRegion.tick(); // releases: the plain id's record needs a region it lacks
        noRegion.tick();
        assertThat(log.lines()).as("warned of once while it stays held, not at every tick")
            .filteredOn(l -> l.contains("held usage of") && l.contains(plain)).hasSize(1);
      }

      assertThat(stored.heldCounts()).as("only the window it cannot bill, still held")
          .singleElement().satisfies(c -> {
            assertThat(c.resourceInstanceId()).isEqualTo(plain);
            assertThat(c.value()).isEqualTo(3.0);
          });
      Await.until(() -> sim.acceptedRecords().size() == 1, "the CRN's count billed");
      assertThat(on.health().check().details()).containsEntry("unclosedWindows", 1);

      withRegion.tick(); // it can bill the window left to it
      Await.until(() -> sim.acceptedRecords().size() == 2, "the plain id's count billed");
      assertThat(stored.heldCounts()).isEmpty();
      noRegion.tick();
      assertThat(on.health().check().details()).containsEntry("unclosedWindows", 0);
      noRegion.close();
      withRegion.close();
    } finally {
      on.close();
    }
    assertThat(sim.acceptedRecords()).as("each once, in the hour it was made in").hasSize(2)
        .allSatisfy(r -> {
          assertThat(r.planId()).isEqualTo(SMALL);
          assertThat(r.end()).isEqualTo(hour.plus(Duration.ofHours(1)).toEpochMilli());
        });
    assertThat(sim.total(CRN, SMALL, "API_CALL")).isEqualTo(2.0);
    assertThat(sim.total(plain, SMALL, "API_CALL")).isEqualTo(3.0);
  }

  @Test
  void countsWaitingForAnUnknownEndSurviveACrashAndAreBilledOnceInTheirOwnHour() {
    // before: they waited in the meter's memory, and the crash lost them, never billed
    UsageOutbox stored = newOutbox();
    Assumptions.assumeTrue(stored.durable(), "the outbox keeps nothing across a restart");
    Instant nextHour = hour.plus(Duration.ofHours(1));
    AtomicBoolean crashed = new AtomicBoolean();
    UsageOutbox reachable = failingEnds(stored);
    UsageOutbox dying = (UsageOutbox) Proxy.newProxyInstance(
        UsageOutbox.class.getClassLoader(), new Class<?>[] {UsageOutbox.class},
        (proxy, method, args) -> {
          if (crashed.get() && method.getDeclaringClass() != Object.class
              && !method.getName().equals("durable")) {
            throw new IllegalStateException("the process is gone");
          }
          try {
            return method.invoke(reachable, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    UsageReporter before = Fixtures.reporter(sim, MeteredPlans.of(
        MeteredPlan.of(Fixtures.RESOURCE, SMALL, "API_CALL"))).outbox(dying).build();
    // replica A's clock is 3.5 s ahead of B's: it closes the window before B's clock ends it
    TestClock ahead = new TestClock(nextHour.plusSeconds(1));
    UsageMeter replicaA = UsageMeter.builder(before).clock(ahead).manualTicks().build();
    UsageMeter replicaB = meter(before);
    clock.advance(Duration.ofMinutes(59).plusSeconds(57)); // 2.5 s before the window's end
    replicaB.add(CRN, SMALL, "API_CALL", 2);
    replicaA.tick(); // closes the window: B's 2 are refused
    endsUnknown.set(true);
    clock.advance(Duration.ofSeconds(1));
    replicaB.tick(); // whether the instance ended is unknown: the 2 wait
    replicaB.add(CRN, SMALL, "API_CALL", 3);
    clock.advance(Duration.ofSeconds(1));
    replicaB.tick(); // the 3 wait too
    crashed.set(true); // kill -9: nothing more of this process reaches the outbox
    UsageOutbox restarted = reopen();
    endsUnknown.set(false);

    UsageReporter after = Fixtures.reporter(sim, MeteredPlans.of(
        MeteredPlan.of(Fixtures.RESOURCE, SMALL, "API_CALL"))).outbox(restarted).build();
    try {
      UsageMeter restartedB = meter(after);
      clock.advance(Duration.ofSeconds(5));
      restartedB.tick();
      restartedB.tick();
      // the sender's first post may time out on a slow machine; the record stays in the
      // outbox and is resent, which a close's flush does not wait for (it is in backoff)
      Await.until(() -> !sim.acceptedRecords().isEmpty(), "the held counts billed");
      restartedB.close();
    } finally {
      after.close();
      before.close(); // the dead process's reporter: its close reaches nothing
    }
    assertThat(sim.acceptedRecords()).as("once, in the hour they were made in").singleElement()
        .satisfies(r -> {
          assertThat(r.start()).isGreaterThanOrEqualTo(hour.toEpochMilli());
          assertThat(r.end()).isEqualTo(nextHour.toEpochMilli());
          assertThat(r.measures()).containsEntry("API_CALL", 5.0);
        });
  }
}

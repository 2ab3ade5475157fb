package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.health.HealthStatus;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A count the outbox cannot hold (its sum with a held count passes the largest double,
 * {@link CountsNotHeldException}) stays in the meter's memory alone: the other counts of the
 * same hold are held, and none is counted twice once it can be held.
 */
class UsageMeterCountsNotHeldTest {
  private final InMemoryUsageOutbox target = new InMemoryUsageOutbox();
  private MeteringSimulator sim;
  /** Whether the outbox cannot tell instance ends (its other calls answer). */
  private volatile boolean endsUnknown;
  /** Whether the outbox names the counts of instance 1 as not holdable. */
  private volatile boolean refusesFirst;

  @BeforeEach
  void start() {
    sim = MeteringSimulator.start();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  /** The in-memory outbox, with ends unknown and holds of instance 1 refused while so set. */
  private UsageOutbox outbox() {
    return (UsageOutbox) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {UsageOutbox.class}, (proxy, method, args) -> {
          String name = method.getName();
          if (endsUnknown && (name.equals("endedAt") || name.equals("releaseHeldCounts"))) {
            throw new StoreUnavailableException("canceling statement due to lock timeout", null);
          }
          if (refusesFirst && name.equals("holdCounts")) {
            @SuppressWarnings("unchecked")
            List<MeterCount> counts = (List<MeterCount>) args[0];
            List<MeterCount> first = counts.stream()
                .filter(c -> c.resourceInstanceId().equals(Fixtures.crn(1))).toList();
            if (!first.isEmpty()) {
              throw new CountsNotHeldException(first);
            }
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void aCountTheOutboxCannotHoldStaysInMemoryAloneAndTheOthersAreHeld() {
    try (UsageReporter reporter = Fixtures.reporter(sim).outbox(outbox()).build()) {
      UsageMeter meter = UsageMeter.builder(reporter).manualTicks().build();
      meter.endPlan(Fixtures.crn(1), Fixtures.PLAN, Instant.now());
      meter.endPlan(Fixtures.crn(2), Fixtures.PLAN, Instant.now());
      endsUnknown = true;
      refusesFirst = true;
      meter.add(Fixtures.crn(1), Fixtures.PLAN, "API_CALL", 1); // refused: its plan ended
      meter.add(Fixtures.crn(2), Fixtures.PLAN, "API_CALL", 2);

      meter.tick();

      assertThat(target.heldCounts()).as("the other count of the hold is held")
          .extracting(MeterCount::resourceInstanceId, MeterCount::value)
          .containsExactly(Tuple.tuple(Fixtures.crn(2), 2.0));

      refusesFirst = false;
      meter.tick(); // the first count can be held now; the second is not held again

      assertThat(target.heldCounts()).extracting(MeterCount::resourceInstanceId,
          MeterCount::value).containsExactlyInAnyOrder(
              Tuple.tuple(Fixtures.crn(1), 1.0),
              Tuple.tuple(Fixtures.crn(2), 2.0));
      endsUnknown = false;
      meter.tick(); // released: both plans ended, both dropped
      assertThat(meter.droppedAfterEnd()).isEqualTo(2);
      assertThat(target.heldCounts()).isEmpty();
      assertThat(reporter.health().check().status()).isEqualTo(HealthStatus.UP);
    }
  }
}

package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.PLAN;
import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A count of an instance made on another thread while {@link UsageMeter#endInstance} runs (a
 * data call racing the deprovision). The README promises that such a count "is dropped with a
 * WARN log"; {@code MeterTicker.end} persists, then looks for counts of the instance still in
 * memory and, finding the racing one, throws "the outbox failed; its metering did not end",
 * although the outbox works: the deprovision fails, and fails again at each retry while calls
 * keep coming.
 */
class UsageMeterEndRaceTest extends UsageMeterSetUp {
  @Test
  void aCountRacingTheEndOfItsInstanceIsDroppedAndTheEndSucceeds() {
    InMemoryUsageOutbox memory = new InMemoryUsageOutbox();
    AtomicReference<Runnable> afterNextMerge = new AtomicReference<>();
    // the in-memory outbox itself, with one moment to step in: right after a merge returned
    UsageOutbox outbox = (UsageOutbox) Proxy.newProxyInstance(
        UsageOutbox.class.getClassLoader(), new Class<?>[] {UsageOutbox.class},
        (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(memory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("mergeOpenCounts")) {
            Runnable step = afterNextMerge.getAndSet(null);
            if (step != null) {
              step.run();
            }
          }
          return result;
        });
    reporter.close();
    UsageReporter on = Fixtures.reporter(sim).outbox(outbox).build();
    try {
      UsageMeter meter = meter(on, clock);
      meter.add(crn(1), PLAN, "API_CALL", 3);
      clock.advance(Duration.ofSeconds(5));
      Instant end = clock.instant();
      sim.instanceLife(crn(1), TEN, end);
      // a data call of the instance on another thread, counted just after the end's persist
      afterNextMerge.set(() -> meter.add(crn(1), PLAN, "API_CALL", 1));
      // fails: IllegalStateException, "could not be persisted (the outbox failed)"
      assertThatCode(() -> meter.endInstance(crn(1), end)).doesNotThrowAnyException();
      meter.tick();
    } finally {
      on.close();
    }
    // the racing count dropped as the README says (3), or billed with the end's record (4)
    assertThat(sim.total(crn(1), PLAN, "API_CALL")).isBetween(3.0, 4.0);
  }
}

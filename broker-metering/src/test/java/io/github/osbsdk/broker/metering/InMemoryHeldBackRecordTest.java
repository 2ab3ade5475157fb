package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.PLAN;
import static io.github.osbsdk.broker.metering.Fixtures.PLANS;
import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.Await;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A sender whose clock is behind the meter's that closed a window holds the window's record
 * back until its end, and one that does not meter a record's plan leaves it to a sender that
 * does: unsent, IBM has not seen it, so late counts of the window are still added into it
 * rather than making a second record under a late key.
 */
class InMemoryHeldBackRecordTest extends WithMeteringSimulator {
  private static UsageRecord record(Instant start, Instant end, double calls) {
    return UsageRecord.builder(crn(1), PLAN).window(start, end).measure("API_CALL", calls)
        .build();
  }

  @Test
  void aRecordHeldBackUntilItsEndTakesLateCountsOfItsWindowUnderItsKey() {
    // before: the hold-back counted as an attempt, as if IBM might have the record
    reporter.close();
    InMemoryUsageOutbox memory = new InMemoryUsageOutbox();
    AtomicInteger heldBack = new AtomicInteger();
    UsageOutbox shared = (UsageOutbox) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {UsageOutbox.class}, (proxy, method, args) -> {
          try {
            return method.invoke(memory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            if (method.getName().equals("release") || method.getName().equals("holdBack")) {
              heldBack.incrementAndGet();
            }
          }
        });
    Instant end = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
    Instant start = end.minus(Duration.ofHours(1));
    // closed by a meter whose clock is ahead of the sender's by more than a minute
    assertThat(memory.append(List.of(record(start, end, 3)))).isOne();
    Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
    reporter = Fixtures.reporter(sim).outbox(shared).clock(behind).build();
    Await.until(() -> heldBack.get() >= 1, "the record held back");
    reporter.close();
    assertThat(memory.mergeOpenCounts(List.of(new MeterCount(crn(1), PLAN, "API_CALL",
        Aggregation.SUM, start, end, 4, start)))).isEmpty();
    assertThat(memory.closeWindows(end, counts -> record(start, end,
        counts.stream().mapToDouble(MeterCount::value).sum()))).isZero();
    assertThat(memory.claim("x", 10, end, Duration.ofMinutes(1))).singleElement()
        .satisfies(c -> {
          assertThat(c.record().consumerId()).isNull();
          assertThat(c.record().quantity("API_CALL")).isEqualTo(7.0);
          assertThat(c.attempts()).isZero();
        });
    assertThat(sim.batches()).isEmpty();
  }

  @Test
  void aRecordOfAPlanTheReporterDoesNotMeterIsPutBackWithoutAnAttemptAndTakesLateCounts() {
    // before: it went back through release, which counted an attempt although nothing was sent,
    // so the window's late counts went to a second record under a late key
    reporter.close();
    InMemoryUsageOutbox memory = new InMemoryUsageOutbox();
    AtomicInteger putBack = new AtomicInteger();
    UsageOutbox shared = (UsageOutbox) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {UsageOutbox.class}, (proxy, method, args) -> {
          if (method.getName().equals("durable")) {
            return true; // shared with a sender that meters the plan: no wait at close
          }
          try {
            return method.invoke(memory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            if (method.getName().equals("release") || method.getName().equals("holdBack")) {
              putBack.incrementAndGet();
            }
          }
        });
    Instant end = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
    Instant start = end.minus(Duration.ofHours(1));
    UsageRecord unmetered = UsageRecord.builder(crn(1), "not-metered-here").window(start, end)
        .measure("API_CALL", 3).build();
    assertThat(PLANS.plan(unmetered.planId())).isEmpty();
    assertThat(memory.append(List.of(unmetered))).isOne();
    reporter = Fixtures.reporter(sim).outbox(shared).build();
    Await.until(() -> putBack.get() >= 1, "the record put back");
    reporter.close();
    assertThat(memory.mergeOpenCounts(List.of(new MeterCount(crn(1), "not-metered-here",
        "API_CALL", Aggregation.SUM, start, end, 4, start)))).isEmpty();
    assertThat(memory.closeWindows(end, counts -> UsageRecord.builder(crn(1),
        "not-metered-here").window(start, end).measure("API_CALL",
        counts.stream().mapToDouble(MeterCount::value).sum()).build())).isZero();
    assertThat(memory.claim("x", 10, end.plus(Duration.ofDays(1)), Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> {
          assertThat(c.key()).isEqualTo(unmetered.key());
          assertThat(c.record().quantity("API_CALL")).isEqualTo(7.0);
          assertThat(c.attempts()).isZero();
        });
    assertThat(sim.batches()).isEmpty();
  }
}

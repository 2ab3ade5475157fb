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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A sender whose clock is behind the meter's that closed a window holds the window's record
 * back until its end, and one that does not meter a record's plan leaves it to a sender that
 * does: unsent, IBM has not seen it, so late counts of the window are still added into it
 * rather than making a second record under a late key.
 */
class InMemoryHeldBackRecordTest extends WithMeteringSimulator {
  private final InMemoryUsageOutbox memory = new InMemoryUsageOutbox();
  /** How many times a reporter put a record back (released it or held it back). */
  private final AtomicInteger putBack = new AtomicInteger();
  /** The end of the window under test, a minute ago. */
  private final Instant end = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
  private final Instant start = end.minus(Duration.ofHours(1));

  private UsageRecord record(String plan, double calls) {
    return UsageRecord.builder(crn(1), plan).window(start, end).measure("API_CALL", calls)
        .build();
  }

  /**
   * {@link #memory} as the outbox a reporter shares with others, counting into {@link #putBack};
   * when {@code durable}, it says it is durable (shared with another sender: no wait at close).
   */
  private UsageOutbox shared(boolean durable) {
    return (UsageOutbox) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {UsageOutbox.class}, (proxy, method, args) -> {
          if (durable && method.getName().equals("durable")) {
            return true;
          }
          try {
            return method.invoke(memory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            if (method.getName().equals("release") || method.getName().equals("holdBack")
                || method.getName().startsWith("leave")) {
              putBack.incrementAndGet();
            }
          }
        });
  }

  /**
   * Counts 4 late calls of {@code plan}'s window, over the 3 of its stored record, and closes the
   * window: a claim at {@code at} finds one record of 7 calls, unsent and with no attempt
   * counted, that also passes {@code alsoChecks}.
   */
  private void lateCountsAreAddedIntoTheRecord(String plan, Instant at,
      Consumer<ClaimedUsage> alsoChecks) {
    assertThat(memory.mergeOpenCounts(List.of(new MeterCount(crn(1), plan, "API_CALL",
        Aggregation.SUM, start, end, 4, start)))).isEmpty();
    assertThat(memory.closeWindows(end, counts -> record(plan,
        counts.stream().mapToDouble(MeterCount::value).sum()))).isZero();
    assertThat(memory.claim("x", 10, at, Duration.ofMinutes(1))).singleElement()
        .satisfies(c -> {
          alsoChecks.accept(c);
          assertThat(c.record().quantity("API_CALL")).isEqualTo(7.0);
          assertThat(c.attempts()).isZero();
        });
    assertThat(sim.batches()).isEmpty();
  }

  @Test
  void aRecordHeldBackUntilItsEndTakesLateCountsOfItsWindowUnderItsKey() {
    // before: the hold-back counted as an attempt, as if IBM might have the record
    reporter.close();
    // closed by a meter whose clock is ahead of the sender's by more than a minute
    assertThat(memory.append(List.of(record(PLAN, 3)))).isOne();
    Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
    reporter = Fixtures.reporter(sim).outbox(shared(false)).clock(behind).build();
    Await.until(() -> putBack.get() >= 1, "the record held back");
    reporter.close();
    lateCountsAreAddedIntoTheRecord(PLAN, end,
        c -> assertThat(c.record().consumerId()).isNull());
  }

  @Test
  void aRecordOfAPlanTheReporterDoesNotMeterIsPutBackWithoutAnAttemptAndTakesLateCounts() {
    // before: it went back through release, which counted an attempt although nothing was sent,
    // so the window's late counts went to a second record under a late key
    reporter.close();
    UsageRecord unmetered = record("not-metered-here", 3);
    assertThat(PLANS.plan(unmetered.planId())).isEmpty();
    assertThat(memory.append(List.of(unmetered))).isOne();
    // shared with a sender that meters the plan
    reporter = Fixtures.reporter(sim).outbox(shared(true)).build();
    Await.until(() -> putBack.get() >= 1, "the record put back");
    reporter.close();
    lateCountsAreAddedIntoTheRecord("not-metered-here", end.plus(Duration.ofDays(1)),
        c -> assertThat(c.key()).isEqualTo(unmetered.key()));
  }

  @Test
  void aRecordOfAPlanTheReporterDoesNotMeterIsSoonClaimableByAnotherReporterNotByIt() {
    // before: it was put back due after the longest backoff (2.5 to 5 minutes) for every
    // reporter, each time a reporter that does not meter its plan claimed it
    reporter.close();
    InMemoryUsageOutbox own = new InMemoryUsageOutbox();
    UsageRecord unmetered = record("not-metered-here", 3);
    assertThat(own.append(List.of(unmetered))).isOne();
    AtomicInteger retried = new AtomicInteger();
    reporter = Fixtures.reporter(sim).outbox(own)
        .backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)) // the defaults
        .listener(new UsageListener() {
          @Override
          public void retrying(UsageRecord record, String reason, Instant next) {
            retried.incrementAndGet();
          }
        }).build();
    Await.until(() -> retried.get() >= 1, "the record put back");
    // the first backoff (1 s here) at most: the left record is due for any other sender
    Instant soon = Instant.now().plusSeconds(1);
    assertThat(own.claim("another-reporter", 10, soon, Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> {
          assertThat(c.key()).isEqualTo(unmetered.key());
          assertThat(c.attempts()).isZero();
        });
    assertThat(sim.batches()).isEmpty();
  }

  @Test
  void aRecordAnotherSenderLeftIsReportedDueWhenTheOutboxHoldsItForEverySender() {
    // before: the listener heard the others' time (the first backoff, 1 s at most) although
    // the outbox held the record for every sender until this one's own time (2.5 to 5 min):
    // the sender that left it first waits still, and neither meters its plan
    reporter.close();
    InMemoryUsageOutbox own = new InMemoryUsageOutbox();
    UsageRecord unmetered = record("metered-nowhere", 3);
    assertThat(own.append(List.of(unmetered))).isOne();
    Instant now = Instant.now();
    Duration lease = Duration.ofMinutes(1);
    assertThat(own.claim("first-reporter", 10, now, lease)).hasSize(1);
    // due for the others at once, for the first reporter only in an hour
    assertThat(own.leave("first-reporter", List.of(unmetered.key()), now,
        now.plus(Duration.ofHours(1)))).isOne();
    List<Instant> heard = new CopyOnWriteArrayList<>();
    reporter = Fixtures.reporter(sim).outbox(own)
        .backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)) // the defaults
        .listener(new UsageListener() {
          @Override
          public void retrying(UsageRecord record, String reason, Instant next) {
            heard.add(next);
          }
        }).build();
    Await.until(() -> !heard.isEmpty(), "the record put back");
    Instant reported = heard.get(0);
    assertThat(reported).isAfter(now.plus(Duration.ofMinutes(2)));
    assertThat(own.claim("third-reporter", 10, reported.minusMillis(1), lease)).isEmpty();
    assertThat(own.claim("third-reporter", 10, reported, lease)).hasSize(1);
    assertThat(sim.batches()).isEmpty();
  }

  @Test
  void aRecordLeftToTheOthersIsReportedDueAtTheOthersTime() {
    reporter.close();
    InMemoryUsageOutbox own = new InMemoryUsageOutbox();
    UsageRecord unmetered = record("not-metered-here", 3);
    assertThat(own.append(List.of(unmetered))).isOne();
    List<Instant> heard = new CopyOnWriteArrayList<>();
    reporter = Fixtures.reporter(sim).outbox(own)
        .backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)) // the defaults
        .listener(new UsageListener() {
          @Override
          public void retrying(UsageRecord record, String reason, Instant next) {
            heard.add(next);
          }
        }).build();
    Await.until(() -> !heard.isEmpty(), "the record put back");
    Instant reported = heard.get(0);
    Duration lease = Duration.ofMinutes(1);
    assertThat(own.claim("another-reporter", 10, reported.minusMillis(1), lease)).isEmpty();
    assertThat(own.claim("another-reporter", 10, reported, lease)).hasSize(1);
  }
}

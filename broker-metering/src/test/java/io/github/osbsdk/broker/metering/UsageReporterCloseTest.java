package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.PLAN;
import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static io.github.osbsdk.broker.metering.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.testsupport.Await;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Closing a reporter: it flushes what is queued within its flush timeout, refuses reports after
 * it, never drops a report racing it, and ends cleanly when the outbox or the API does not answer.
 */
class UsageReporterCloseTest extends WithMeteringSimulator {
  @Test
  void closeFlushesQueuedRecords() {
    UsageReporter slowPoller = Fixtures.reporter(sim).pollInterval(Duration.ofHours(1)).build();
    for (int i = 0; i < 50; i++) {
      slowPoller.report(record(crn(i), 2, 1));
    }
    slowPoller.close();
    assertThat(slowPoller.depth()).isZero();
    assertThat(sim.acceptedRecords()).hasSize(50);
    assertThatThrownBy(() -> slowPoller.report(record(crn(1), 3, 1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void reportRacingCloseIsEitherSentOrRefusedNeverDroppedSilently() throws Exception {
    InMemoryUsageOutbox memory = new InMemoryUsageOutbox();
    CountDownLatch inAppend = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    // an outbox whose append is slow, so that close() runs while a report is under way
    UsageOutbox slowAppend = (UsageOutbox) Proxy.newProxyInstance(
        UsageOutbox.class.getClassLoader(), new Class<?>[] {UsageOutbox.class},
        (proxy, method, args) -> {
          if (method.getName().equals("append")) {
            inAppend.countDown();
            goOn.await(30, TimeUnit.SECONDS);
          }
          try {
            return method.invoke(memory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    UsageReporter r = Fixtures.reporter(sim).outbox(slowAppend).build();
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread reporting = new Thread(() -> {
      try {
        outcome.set(r.report(record(crn(1), 2, 3)));
      } catch (RuntimeException e) {
        outcome.set(e);
      }
    });
    reporting.start();
    assertThat(inAppend.await(30, TimeUnit.SECONDS)).isTrue();
    Thread closing = new Thread(r::close);
    closing.start();
    closing.join(500); // before: close had ended by now; its flush found nothing to send
    goOn.countDown();
    reporting.join(30_000);
    closing.join(30_000);
    if (outcome.get() instanceof IllegalStateException) {
      assertThat(memory.depth()).isZero();
    } else {
      // reported without an exception: it must be billed, not left in a stopped outbox
      assertThat(outcome.get()).isEqualTo(true);
      assertThat(memory.depth()).isZero();
      sim.assertTotal(crn(1), PLAN, "API_CALL", 3);
    }
  }

  @Test
  void closeStopsWaitingForASlowAnswerAtTheFlushTimeoutAndPutsTheRecordBackForAnotherSender()
      throws Exception {
    reporter.close();
    // the answer takes 20 s (the simulator's close ends it): a close that waited for it takes
    // twice the bound, one that stops at the flush timeout far less (before: 4 s and 3 s)
    sim.faults().slowNext(1, Duration.ofSeconds(20));
    DurableTestOutbox outbox = new DurableTestOutbox();
    RecordingListener heard = new RecordingListener();
    UsageReporter r = Fixtures.reporter(sim).outbox(outbox).listener(heard)
        .requestTimeout(Duration.ofSeconds(30)).lease(Duration.ofMinutes(5))
        .flushTimeout(Duration.ofMillis(500)).build();
    r.report(record(crn(1), 2, 3));
    Await.until(() -> !sim.batches().isEmpty(), "posted (recorded); its answer takes 20 s");
    long t0 = System.nanoTime();
    r.close();
    // at the flush timeout (0.5 s), not at the answer (20 s)
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    // before: the sender went on waiting after close() returned, the record leased to it for
    // the whole lease; had the process ended then, nothing said what was left unanswered
    Await.until(() -> !heard.retryReasons.isEmpty(), "put back");
    assertThat(heard.retryReasons).singleElement().asString().contains("flush");
    List<ClaimedUsage> claimed = new ArrayList<>();
    Await.until(() -> claimed.addAll(outbox.claim("another-sender", 10, Instant.now(),
        Duration.ofMinutes(1))), "claimed by another sender, past the backoff");
    assertThat(claimed).singleElement()
        .satisfies(c -> assertThat(c.record()).isEqualTo(record(crn(1), 2, 3)));
    assertThat(heard.accepted).isEmpty();
  }

  @Test
  void closeDoesNotWaitForARecordInBackoffWhichADurableOutboxKeepsForTheNextStartAndSendsOnce()
      throws Exception {
    reporter.close();
    sim.faults().failNext(1, 503);
    DurableTestOutbox outbox = new DurableTestOutbox();
    RecordingListener heard = new RecordingListener();
    UsageReporter first = Fixtures.reporter(sim).outbox(outbox).listener(heard)
        .backoff(Duration.ofMinutes(1), Duration.ofMinutes(1))
        .flushTimeout(Duration.ofMinutes(1)).build();
    first.report(record(crn(1), 2, 3));
    Await.until(() -> !heard.retryReasons.isEmpty(), "answered 503, in backoff for a minute");
    long t0 = System.nanoTime();
    first.close();
    // before: close waited out the backoff, up to the flush timeout (a minute here)
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(outbox.depth()).isOne(); // kept for the next start
    assertThat(first.dropped()).isZero();
    assertThat(sim.acceptedRecords()).isEmpty();

    // the next start, once the backoff has passed: sent once, and only once
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2));
    UsageReporter next = Fixtures.reporter(sim).outbox(outbox).clock(later).build();
    Await.until(() -> outbox.depth() == 0, "sent by the next start");
    next.close();
    assertThat(sim.acceptedRecords()).hasSize(1);
    sim.assertTotal(crn(1), PLAN, "API_CALL", 3);
  }

  @Test
  void closeOnAnInMemoryOutboxCountsARecordInABackoffOutlastingTheFlushAsDroppedWithoutWaiting()
      throws Exception {
    reporter.close();
    sim.faults().failNext(1, 503);
    RecordingListener heard = new RecordingListener();
    // the backoff (5 to 10 minutes) ends after the flush deadline (a minute)
    UsageReporter r = Fixtures.reporter(sim).listener(heard)
        .backoff(Duration.ofMinutes(10), Duration.ofMinutes(10))
        .flushTimeout(Duration.ofMinutes(1)).build();
    r.report(record(crn(1), 2, 3));
    Await.until(() -> !heard.retryReasons.isEmpty(), "answered 503, in backoff for minutes");
    r.report(record(crn(2), 2, 4));
    Await.until(() -> !heard.accepted.isEmpty(), "the other one delivered");
    assertThat(r.dropped()).isZero();
    long t0 = System.nanoTime();
    r.close();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    // lost with the process: counted where a health or metrics reader sees it
    assertThat(r.dropped()).isOne();
    assertThat(r.health().check().details()).containsEntry("dropped", 1L);
    assertThat(sim.acceptedRecords()).hasSize(1);
  }

  @Test
  void zeroFlushTimeoutClosesWithoutFlushing() {
    UsageReporter noFlush = Fixtures.reporter(sim).flushTimeout(Duration.ZERO).build();
    noFlush.close();
    assertThatThrownBy(() -> noFlush.report(record(crn(1), 3, 1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void flushRetriesAnOutboxThatIsDownUntilItAnswers() throws Exception {
    reporter.close();
    DurableTestOutbox outbox = new DurableTestOutbox();
    outbox.append(List.of(record(crn(1), 2, 3), record(crn(2), 2, 4)));
    outbox.down(true); // down before the sender starts: it waits for the next poll
    try (UncaughtExceptions uncaught = new UncaughtExceptions()) {
      UsageReporter r = Fixtures.reporter(sim).outbox(outbox).pollInterval(Duration.ofHours(1))
          .flushTimeout(Duration.ofSeconds(5)).build();
      // the sender's first claim is refused; it then waits for its next poll (an hour). Up
      // again once a claim of the flush was refused too, not 300 ms after a 200 ms pause: a
      // flush that began later than that (a loaded machine) found the outbox up at once, and
      // the test passed without a flush that met it down
      Await.until(() -> outbox.refusedClaims() > 0, "the sender's first claim");
      int beforeClose = outbox.refusedClaims();
      Thread recovery = new Thread(() -> {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try {
          while (outbox.refusedClaims() == beforeClose && System.nanoTime() - end < 0) {
            Thread.sleep(10);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        outbox.down(false);
      });
      recovery.start();
      r.close(); // flushes while the outbox is down, then up again
      recovery.join();
      assertThat(outbox.refusedClaims()).as("claims of the flush refused")
          .isGreaterThan(beforeClose);
      assertThat(uncaught.thrown).isEmpty();
      assertThat(outbox.depth()).isZero();
      sim.assertTotal(crn(1), PLAN, "API_CALL", 3);
      sim.assertTotal(crn(2), PLAN, "API_CALL", 4);
    }
  }

  @Test
  void flushEndsCleanlyAtTheDeadlineWhenTheOutboxStaysDown() throws Exception {
    reporter.close();
    DurableTestOutbox outbox = new DurableTestOutbox();
    outbox.append(List.of(record(crn(1), 2, 3)));
    outbox.down(true);
    try (UncaughtExceptions uncaught = new UncaughtExceptions()) {
      UsageReporter r = Fixtures.reporter(sim).outbox(outbox).pollInterval(Duration.ofHours(1))
          .flushTimeout(Duration.ofMillis(500)).build();
      Thread.sleep(200);
      long t0 = System.nanoTime();
      r.close();
      // at the flush timeout (0.5 s), not once the outbox is back
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
      assertThat(uncaught.thrown).isEmpty();
      outbox.down(false);
      assertThat(outbox.depth()).isOne(); // durable: kept for the next start
      assertThat(sim.acceptedRecords()).isEmpty();
    }
  }

  /**
   * Collects what threads throw uncaught while it is open (as the default handler), then puts the
   * handler before it back.
   */
  private static final class UncaughtExceptions implements AutoCloseable {
    final List<Throwable> thrown = new CopyOnWriteArrayList<>();
    private final Thread.UncaughtExceptionHandler before =
        Thread.getDefaultUncaughtExceptionHandler();

    UncaughtExceptions() {
      Thread.setDefaultUncaughtExceptionHandler((t, e) -> thrown.add(e));
    }

    @Override
    public void close() {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }
}

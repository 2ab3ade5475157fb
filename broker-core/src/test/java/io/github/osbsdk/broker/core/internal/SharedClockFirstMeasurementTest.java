package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The first measurement of the store's clock, which the first caller of {@link SharedClock#now()}
 * makes while the others wait: when the store does not answer it (a database down at start,
 * each call failing only at the pool's connection timeout), the callers that waited for it must
 * not each measure again in turn, or the k-th of them waits k connection timeouts.
 */
class SharedClockFirstMeasurementTest {
  private static final int WAITING = 4;
  private static final Duration AHEAD = Duration.ofHours(1);
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T10:00:00Z"));
  private final AtomicInteger asked = new AtomicInteger();
  private final AtomicReference<Thread> measuring = new AtomicReference<>();
  /** The pool's connection timeout: the store's answer, a failure, comes once it is open. */
  private final CountDownLatch timeout = new CountDownLatch(1);
  /** Whether the database is down; once it is back, its clock answers at once. */
  private final AtomicBoolean down = new AtomicBoolean(true);
  /** What each caller's {@code now()} threw (or an error when it answered). */
  private final Map<Thread, Throwable> answers = new ConcurrentHashMap<>();
  /** Whether each caller's interrupt flag was set when its {@code now()} ended. */
  private final Map<Thread, Boolean> interruptedAfter = new ConcurrentHashMap<>();
  private final List<Thread> callers = new ArrayList<>();

  /** A store that is down: its clock's reading fails, but only at the end of the timeout. */
  private BrokerStore storeDown() {
    return StoreProxy.around(new InMemoryBrokerStore(), (method, args, target) -> {
      if (!method.getName().equals("sharedTime")) {
        return target.proceed(args);
      }
      asked.incrementAndGet();
      if (!down.get()) {
        return Optional.of(clock.instant().plus(AHEAD));
      }
      measuring.compareAndSet(null, Thread.currentThread());
      timeout.await();
      throw new StoreUnavailableException("no connection within the pool's timeout", null);
    });
  }

  private SharedClock sharedClock() {
    return new SharedClock(storeDown(), clock, () -> clock.millis() * 1_000_000L,
        Duration.ofSeconds(1));
  }

  /** A request's thread that asks {@code shared} for the time, started. */
  private Thread caller(SharedClock shared, String name) {
    Thread t = new Thread(() -> {
      try {
        shared.now();
        answers.put(Thread.currentThread(), new AssertionError("no failure"));
      } catch (RuntimeException e) {
        answers.put(Thread.currentThread(), e);
      }
      interruptedAfter.put(Thread.currentThread(), Thread.currentThread().isInterrupted());
    }, name);
    callers.add(t);
    t.start();
    return t;
  }

  @AfterEach
  void endTheMeasurement() throws InterruptedException {
    timeout.countDown();
    for (Thread t : callers) {
      t.join(Await.PATIENCE.toMillis());
    }
  }

  @Test
  void callersWaitingForTheFirstMeasurementShareItsFailureInsteadOfMeasuringInTurn()
      throws InterruptedException {
    SharedClock shared = sharedClock();
    for (int i = 0; i <= WAITING; i++) {
      caller(shared, "request-" + i);
    }
    Await.until(() -> measuring.get() != null && callers.stream()
        .filter(t -> t != measuring.get()).allMatch(t -> waitsForAnotherMeasurement(t)),
        "one request measures and the others wait for it");

    timeout.countDown(); // the first measurement fails
    for (Thread t : callers) {
      t.join(Await.PATIENCE.toMillis());
    }

    assertThat(answers).hasSize(WAITING + 1);
    assertThat(answers.values()).allSatisfy(
        e -> assertThat(e).isInstanceOf(StoreUnavailableException.class));
    // before: each waiting request measured again once the first failed, one after the other
    // and each up to a connection timeout: 5 store calls here, a wait of k timeouts for the k-th
    assertThat(asked.get()).as("store calls for the clock").isEqualTo(1);
  }

  @Test
  void aRequestArrivingAfterAFailedMeasurementMeasuresAgainOnceTheStoreIsBack() {
    SharedClock shared = sharedClock();
    timeout.countDown(); // the store's calls fail at once

    assertThatThrownBy(shared::now).isInstanceOf(StoreUnavailableException.class);
    down.set(false); // the database is back

    assertThat(shared.now()).isEqualTo(clock.instant().plus(AHEAD));
    assertThat(shared.now()).isEqualTo(clock.instant().plus(AHEAD));
    assertThat(asked.get()).as("store calls for the clock: the failed one, then one").isEqualTo(2);
  }

  @Test
  void aWaitingRequestThatIsInterruptedLeavesWithA503WhileTheMeasurementStillRuns()
      throws InterruptedException {
    SharedClock shared = sharedClock();
    Thread first = caller(shared, "request-measuring");
    Await.until(() -> measuring.get() != null, "the first request measures");
    Thread waiting = caller(shared, "request-waiting");
    Await.until(() -> waitsForAnotherMeasurement(waiting), "the second request waits for it");

    waiting.interrupt(); // the container gives up on the request
    // before: blocked on a monitor, which no interrupt frees, until the measurement ended
    waiting.join(Await.PATIENCE.toMillis());

    assertThat(waiting.isAlive()).as("the interrupted request still waits").isFalse();
    assertThat(answers.get(waiting)).isInstanceOf(StoreUnavailableException.class);
    assertThat(interruptedAfter.get(waiting)).as("its interrupt flag, kept").isTrue();
    assertThat(first.isAlive()).as("the measurement still runs").isTrue();
    timeout.countDown();
    first.join(Await.PATIENCE.toMillis());
    assertThat(answers.get(first)).isInstanceOf(StoreUnavailableException.class);
    assertThat(asked.get()).as("store calls for the clock").isEqualTo(1);
  }

  /**
   * Whether {@code t} waits in {@link SharedClock#now()} for a measurement another thread makes:
   * blocked or parked there, and not in a call of the store's clock of its own.
   */
  private static boolean waitsForAnotherMeasurement(Thread t) {
    ThreadInfo info = ManagementFactory.getThreadMXBean()
        .getThreadInfo(t.getId(), Integer.MAX_VALUE);
    if (info == null || (info.getThreadState() != Thread.State.BLOCKED
        && info.getThreadState() != Thread.State.WAITING)) {
      return false;
    }
    List<StackTraceElement> stack = Arrays.asList(info.getStackTrace());
    return stack.stream().anyMatch(f -> f.getClassName().equals(SharedClock.class.getName()))
        && stack.stream().noneMatch(f -> f.getMethodName().equals("sharedTime"));
  }
}

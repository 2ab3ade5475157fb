package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The first measurement of the store's clock, which the first caller of {@link SharedClock#now()}
 * makes while the others wait: when the store does not answer it (a database down at start,
 * each call failing only at the pool's connection timeout), the callers that waited for it must
 * not each measure again in turn, or the k-th of them waits k connection timeouts.
 */
class SharedClockFirstMeasurementTest {
  private static final int WAITING = 4;
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T10:00:00Z"));
  private final AtomicInteger asked = new AtomicInteger();
  private final AtomicReference<Thread> measuring = new AtomicReference<>();
  /** The pool's connection timeout: the store's answer, a failure, comes once it is open. */
  private final CountDownLatch timeout = new CountDownLatch(1);

  /** A store that is down: its clock's reading fails, but only at the end of the timeout. */
  private BrokerStore storeDown() {
    return StoreProxy.around(new InMemoryBrokerStore(), (method, args, target) -> {
      if (!method.getName().equals("sharedTime")) {
        return target.proceed(args);
      }
      asked.incrementAndGet();
      measuring.compareAndSet(null, Thread.currentThread());
      timeout.await();
      throw new StoreUnavailableException("no connection within the pool's timeout", null);
    });
  }

  @Test
  void callersWaitingForTheFirstMeasurementShareItsFailureInsteadOfMeasuringInTurn()
      throws InterruptedException {
    SharedClock shared = new SharedClock(storeDown(), clock, () -> clock.millis() * 1_000_000L,
        Duration.ofSeconds(1));
    Map<Thread, Throwable> answers = new ConcurrentHashMap<>();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i <= WAITING; i++) {
      Thread t = new Thread(() -> {
        try {
          shared.now();
          answers.put(Thread.currentThread(), new AssertionError("no failure"));
        } catch (RuntimeException e) {
          answers.put(Thread.currentThread(), e);
        }
      }, "request-" + i);
      callers.add(t);
      t.start();
    }
    Await.until(() -> measuring.get() != null && callers.stream()
        .filter(t -> t != measuring.get()).allMatch(t -> blockedBy(t, measuring.get())),
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

  /** Whether {@code waiting} is blocked on a lock {@code holder} holds. */
  private static boolean blockedBy(Thread waiting, Thread holder) {
    ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(waiting.getId());
    return info != null && info.getThreadState() == Thread.State.BLOCKED
        && info.getLockOwnerId() == holder.getId();
  }
}

package io.github.osbsdk.broker.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store under concurrency: eight workers race on three instances with two bindings
 * each ({@link StoreWorkload}). Longer runs with {@code -Dstore.invariants.calls=N} (calls per
 * worker, default 2,000).
 */
class InMemoryBrokerStoreConcurrencyTest {
  private static final int CALLS_PER_WORKER = Integer.getInteger("store.invariants.calls", 2_000);

  @Test
  void racingWorkersNeverRunConflictingOperationsAtOnceAndLeaveNothingHalfDone()
      throws Exception {
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    StoreWorkload workload = new StoreWorkload(new String[] {"i-0", "i-1", "i-2"},
        new String[] {"b-0", "b-1"}, CALLS_PER_WORKER);
    int workers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        Runnable worker = workload.worker(w, store);
        running.add(pool.submit(() -> {
          start.await();
          worker.run();
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : running) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(workload.breaches()).as("conflicting operations let run at once").isEmpty();
    assertThat(workload.leftovers(store)).as("what the finished workload left").isEmpty();
    // the race was real: work got done on few ids
    assertThat(workload.started()).isGreaterThan(100);
    assertThat(workload.finished()).isEqualTo(workload.started());
  }
}

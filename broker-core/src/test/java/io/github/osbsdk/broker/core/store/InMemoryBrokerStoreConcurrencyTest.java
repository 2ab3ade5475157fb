package io.github.osbsdk.broker.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
    int checks = workload.run(List.of(store), 8, () -> {
      // reads race the writes: they must neither throw nor block them
      for (String iid : new String[] {"i-0", "i-1", "i-2"}) {
        store.runningOperation(iid);
        store.findInstance(iid);
        store.findBinding(iid, "b-0");
      }
    });
    assertThat(workload.breaches()).as("conflicting operations let run at once").isEmpty();
    assertThat(workload.leftovers(store)).as("what the finished workload left").isEmpty();
    // the race was real: work got done on few ids, read while it went on
    assertThat(checks).isPositive();
    assertThat(workload.started()).isGreaterThan(100);
    assertThat(workload.finished()).isEqualTo(workload.started());
  }
}

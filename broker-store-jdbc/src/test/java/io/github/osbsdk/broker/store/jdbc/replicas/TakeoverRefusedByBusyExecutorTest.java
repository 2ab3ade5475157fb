package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The replica that takes over a resumable step finds its executor busy (it refuses the task):
 * the operation must still be resumed once the executor has room, not stay in progress for ever
 * while the replica that took it renews its lease.
 */
class TakeoverRefusedByBusyExecutorTest {
  private final CountingProvider provider = new CountingProvider(true);
  private final CountDownLatch ownerStepStarted = new CountDownLatch(1);
  private final List<Integer> attempts = new CopyOnWriteArrayList<>();
  /** Refuses its first two tasks, as a saturated pool would. */
  private final BusyAtFirst busy = new BusyAtFirst(2);
  private ReplicaServer owner;
  private ReplicaServer b;

  /** An executor whose first {@code refusals} tasks find it full. */
  static final class BusyAtFirst extends ThreadPoolExecutor {
    private final AtomicInteger refusals;
    final AtomicInteger refused = new AtomicInteger();

    BusyAtFirst(int refusals) {
      super(2, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
      this.refusals = new AtomicInteger(refusals);
    }

    @Override
    public void execute(Runnable command) {
      if (refusals.getAndDecrement() > 0) {
        refused.incrementAndGet();
        throw new RejectedExecutionException("busy");
      }
      super.execute(command);
    }
  }

  @BeforeEach
  void startReplicas() {
    owner = ReplicaServer.onTestDatabase("busy-owner", pool -> ReplicaServer
        .replica(provider, pool).step(CountingProvider.STEP, ctx -> {
          attempts.add(ctx.attempt());
          ownerStepStarted.countDown();
          new CountDownLatch(1).await(); // runs until the replica stops
        }));
    b = ReplicaServer.onTestDatabase("busy-b", pool -> ReplicaServer.replica(provider, pool)
        .executor(busy).step(CountingProvider.STEP, ctx -> attempts.add(ctx.attempt())));
  }

  @AfterEach
  void stopReplicas() {
    provider.release();
    owner.close();
    b.close();
    busy.shutdownNow();
  }

  @Test
  void aStepTakenOverWhileTheExecutorIsBusyIsResumedOnceItHasRoom() throws Exception {
    String id = UUID.randomUUID().toString();
    Reply accepted = owner.provision(id, "step", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String operation = accepted.json().path("operation").asText();
    assertThat(ownerStepStarted.await(30, TimeUnit.SECONDS)).isTrue();
    owner.pool().close(); // a crash: the owner cannot give its lease up
    owner.close();
    Reply done = b.awaitFinished(id, operation, ReplicaServer.LEASE.multipliedBy(8));
    assertThat(busy.refused.get()).as("the executor refused the takeover").isPositive();
    assertThat(done.json().path("state").asText()).as(done.toString()).isEqualTo("succeeded");
    assertThat(attempts).hasSize(2).startsWith(1);
    assertThat(b.store().runningOperation(id)).isEmpty();
  }
}

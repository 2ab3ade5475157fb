package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replica that runs its work on an executor of the provider's own
 * ({@code Broker.Builder.executor}, which the broker never shuts down) stops gracefully while
 * a resumable step runs there. {@code Broker.close()} gives the replica's leases up so that
 * another replica takes the operation over at once; the step must then not run on both
 * replicas at the same time.
 */
class CloseWithAProvidersExecutorTest {
  private final CountingProvider provider = new CountingProvider(false);
  private final ExecutorService providersExecutor = Executors.newFixedThreadPool(2);
  private final CountDownLatch firstRunStarted = new CountDownLatch(1);
  private final CountDownLatch firstRunMayEnd = new CountDownLatch(1);
  private final AtomicBoolean firstRunRunning = new AtomicBoolean();
  private final CountDownLatch secondRunStarted = new CountDownLatch(1);
  /** Whether the first run was still running when the second one started, per second run. */
  private final List<Boolean> overlaps = new CopyOnWriteArrayList<>();
  private ReplicaServer stopping;
  private ReplicaServer other;

  @AfterEach
  void stop() {
    firstRunMayEnd.countDown();
    if (stopping != null) {
      stopping.close();
    }
    if (other != null) {
      other.close();
    }
    providersExecutor.shutdownNow();
  }

  @Test
  void aStepStillRunningOnAClosedReplicaDoesNotRunOnAnotherAtTheSameTime() throws Exception {
    stopping = ReplicaServer.onTestDatabase("closing-a", pool -> ReplicaServer
        .replica(provider, pool).executor(providersExecutor)
        .step(CountingProvider.STEP, ctx -> {
          firstRunRunning.set(true);
          try {
            firstRunStarted.countDown();
            firstRunMayEnd.await(30, TimeUnit.SECONDS);
          } finally {
            firstRunRunning.set(false);
          }
        }));
    other = ReplicaServer.onTestDatabase("taking-over-b", pool -> ReplicaServer
        .replica(provider, pool).step(CountingProvider.STEP, ctx -> {
          overlaps.add(firstRunRunning.get());
          secondRunStarted.countDown();
        }));
    String id = UUID.randomUUID().toString();
    Reply accepted = stopping.provision(id, "step", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    assertThat(firstRunStarted.await(30, TimeUnit.SECONDS)).isTrue();

    stopping.close(); // graceful: Broker.close() gives the leases up
    stopping = null;

    Duration within = ReplicaServer.LEASE.plusSeconds(3);
    assertThat(secondRunStarted.await(within.toMillis(), TimeUnit.MILLISECONDS))
        .as("the other replica resumes the step").isTrue();
    assertThat(overlaps)
        .as("whether the closed replica's run of the step was still running when the other"
            + " replica's run started")
        .containsExactly(false);
  }
}

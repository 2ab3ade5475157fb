package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.TemporarilyUnavailableException;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, a resumable step that throws {@link TemporarilyUnavailableException} with a
 * {@code retryAfter} longer than two leases runs again on its replica no sooner than that, with
 * the same attempt: the owner renews the lease while it waits, so the other replica never takes
 * the operation over; and when the owner closes while the step waits, it hands the lease back
 * with its expiry at the retry time, so the other replica runs the step no sooner either.
 */
class StepRetryAfterOnTwoReplicasTest {
  private static final Duration RETRY_AFTER = ReplicaServer.LEASE.multipliedBy(5).dividedBy(2);

  @Test
  void aStepThatAsksToRunAgainAfterTwoLeasesRunsAgainOnItsReplicaNoSooner() throws Exception {
    List<String> runs = new CopyOnWriteArrayList<>();
    List<Long> times = new CopyOnWriteArrayList<>();
    AtomicBoolean refused = new AtomicBoolean();
    CountingProvider provider = new CountingProvider(false);
    ReplicaServer owner = ReplicaServer.onTestDatabase("retry-after-owner", pool -> ReplicaServer
        .replica(provider, pool).step(CountingProvider.STEP, ctx -> {
          runs.add("owner attempt " + ctx.attempt());
          times.add(System.nanoTime());
          if (refused.compareAndSet(false, true)) {
            throw new TemporarilyUnavailableException("rate limited", null, RETRY_AFTER);
          }
        }));
    ReplicaServer other = ReplicaServer.onTestDatabase("retry-after-other", pool -> ReplicaServer
        .replica(provider, pool).step(CountingProvider.STEP,
            ctx -> runs.add("other attempt " + ctx.attempt())));
    try {
      String id = UUID.randomUUID().toString();
      Reply accepted = owner.provision(id, "step", true);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      String operation = accepted.json().path("operation").asText();

      Reply done = other.awaitFinished(id, operation, RETRY_AFTER.plusSeconds(20));

      assertThat(done.json().path("state").asText()).as(done.toString()).isEqualTo("succeeded");
      assertThat(runs).containsExactly("owner attempt 1", "owner attempt 1");
      assertThat(Duration.ofNanos(times.get(1) - times.get(0)))
          .isGreaterThanOrEqualTo(RETRY_AFTER);
    } finally {
      owner.close();
      other.close();
    }
  }

  @Test
  void aStepWaitingForItsRetryAfterWhenItsReplicaClosesRunsOnTheOtherNoSooner()
      throws Exception {
    AtomicLong refusedAt = new AtomicLong();
    List<Long> takenOverRuns = new CopyOnWriteArrayList<>();
    CountingProvider provider = new CountingProvider(false);
    ReplicaServer owner = ReplicaServer.onTestDatabase("retry-after-closing", pool -> ReplicaServer
        .replica(provider, pool).step(CountingProvider.STEP, ctx -> {
          refusedAt.set(System.nanoTime());
          throw new TemporarilyUnavailableException("rate limited", null, RETRY_AFTER);
        }));
    ReplicaServer other = ReplicaServer.onTestDatabase("retry-after-taking", pool -> ReplicaServer
        .replica(provider, pool).step(CountingProvider.STEP,
            ctx -> takenOverRuns.add(System.nanoTime())));
    try {
      String id = UUID.randomUUID().toString();
      Reply accepted = owner.provision(id, "step", true);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      String operation = accepted.json().path("operation").asText();
      long waited = System.nanoTime();
      while (refusedAt.get() == 0 && System.nanoTime() - waited < 30_000_000_000L) {
        Thread.sleep(10);
      }
      Thread.sleep(300); // the step's retry is scheduled
      owner.close();

      Reply done = other.awaitFinished(id, operation, RETRY_AFTER.plusSeconds(20));

      assertThat(done.json().path("state").asText()).as(done.toString()).isEqualTo("succeeded");
      assertThat(takenOverRuns).hasSize(1);
      assertThat(Duration.ofNanos(takenOverRuns.get(0) - refusedAt.get()))
          .as("from the refusal to the run on the replica that took the operation over")
          .isGreaterThanOrEqualTo(RETRY_AFTER);
    } finally {
      owner.close();
      other.close();
    }
  }
}

package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replica B's clock runs ahead of replica A's by more than a lease (NTP not yet synced, a VM
 * resumed). Before the replicas measured their clocks against the database's, leases were
 * written with the owner's clock and judged with the taker's, so B took over a step A was still
 * running and renewing, and the step ran twice at the same time (runs [a1, b2]). B's clock is
 * modelled by shifting every time its broker hands its store, and the database's time as B
 * reads it, by the skew; A is untouched.
 */
class ClockSkewBetweenReplicasTest {
  private static final Duration SKEW = ReplicaServer.LEASE.plusSeconds(1);
  private final CountingProvider provider = new CountingProvider(false);
  private final CountDownLatch stepStarted = new CountDownLatch(1);
  private final CountDownLatch stepRelease = new CountDownLatch(1);
  private final List<String> runs = new CopyOnWriteArrayList<>();
  private ReplicaServer a;
  private ReplicaServer b;

  @BeforeEach
  void startReplicas() {
    a = ReplicaServer.onTestDatabase("skew-a", pool -> ReplicaServer.replica(provider, pool)
        .step(CountingProvider.STEP, ctx -> {
          runs.add("a" + ctx.attempt());
          stepStarted.countDown();
          stepRelease.await(30, TimeUnit.SECONDS);
        }));
    b = ReplicaServer.onTestDatabase("skew-b", pool -> ReplicaServer.replica(provider, pool)
        .store(ahead(PostgresBrokerStore.builder(pool).build(), SKEW))
        .step(CountingProvider.STEP, ctx -> runs.add("b" + ctx.attempt())));
  }

  @AfterEach
  void stopReplicas() {
    stepRelease.countDown();
    a.close();
    b.close();
  }

  @Test
  void aReplicaWhoseClockIsAheadDoesNotTakeOverAStepItsOwnerStillRenews() throws Exception {
    String id = UUID.randomUUID().toString();
    Reply accepted = a.provision(id, "step", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    assertThat(stepStarted.await(30, TimeUnit.SECONDS)).isTrue();
    long until = System.nanoTime() + ReplicaServer.LEASE.multipliedBy(4).toNanos();
    while (System.nanoTime() < until && runs.size() < 2) {
      Thread.sleep(100);
    }
    assertThat(runs).as("runs of the step while A still runs it").containsExactly("a1");
    stepRelease.countDown();
    Reply done = a.awaitFinished(id, accepted.json().path("operation").asText(),
        Duration.ofSeconds(30));
    assertThat(done.json().path("state").asText()).as(done.toString()).isEqualTo("succeeded");
  }

  /**
   * The store as a replica whose clock is {@code skew} ahead uses it: every time it hands the
   * store is ahead, and the database's time it reads is behind its own clock by the skew.
   */
  private static BrokerStore ahead(BrokerStore store, Duration skew) {
    return StoreProxy.around(store, (method, args, target) -> {
      if (method.getName().equals("sharedTime")) {
        return store.sharedTime().map(t -> t.minus(skew));
      }
      return target.proceed(args == null ? null : Arrays.stream(args)
          .map(a -> a instanceof Instant t ? t.plus(skew) : a).toArray());
    });
  }
}

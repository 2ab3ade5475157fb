package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replica closes gracefully ({@code Broker.close()}) while a synchronous provision's provider
 * call runs on one of its request threads. Another replica must not take that provision over
 * (and undo it) while the call runs: the call, ending within the close's grace, is answered with
 * its result and its instance stays.
 */
class CloseWhileASynchronousCallRunsTest {
  private final GatedProvider gated = new GatedProvider();
  private final CountingProvider provider = new CountingProvider(false);
  private final String id = UUID.randomUUID().toString();
  private ReplicaServer closing;
  private ReplicaServer other;

  @AfterEach
  void stopReplicas() {
    gated.openAll();
    for (ReplicaServer r : new ReplicaServer[] {closing, other}) {
      if (r != null) {
        r.close();
      }
    }
    TestDatabase.sql("DELETE FROM osb_operation WHERE instance_id = '" + id + "'");
    TestDatabase.sql("DELETE FROM osb_instance WHERE id = '" + id + "'");
  }

  @Test
  void aSynchronousCallRunningWhileItsReplicaClosesIsAnsweredAndNotUndoneByAnother()
      throws Exception {
    closing = ReplicaServer.onTestDatabase("closing-sync",
        pool -> ReplicaServer.replica(gated, pool));
    other = ReplicaServer.onTestDatabase("other-sync",
        pool -> ReplicaServer.replica(provider, pool));
    GatedProvider.Gate gate = gated.hold("provision");
    ReplicaServer a = closing;
    CompletableFuture<Reply> answer =
        CompletableFuture.supplyAsync(() -> a.provision(id, "sync", false));
    gate.await();

    CompletableFuture<Void> closed = CompletableFuture.runAsync(a.broker::close);
    try {
      closed.get(500, TimeUnit.MILLISECONDS); // a close that gives every lease up at once
    } catch (TimeoutException waitingForTheCall) {
      // a close that waits for the call
    }
    other.broker.maintainOperations(); // takes over whatever lease the closing replica gave up
    gated.open("provision");

    Reply reply = answer.get(30, TimeUnit.SECONDS);
    closed.get(30, TimeUnit.SECONDS);
    assertThat(reply.status())
        .as("the provision's answer (another replica undid it when the close gave its lease"
            + " up while it ran): %s", reply)
        .isEqualTo(201);
    assertThat(other.store().runningOperation(id)).isEmpty();
    assertThat(other.store().findInstance(id)).isPresent();
  }
}

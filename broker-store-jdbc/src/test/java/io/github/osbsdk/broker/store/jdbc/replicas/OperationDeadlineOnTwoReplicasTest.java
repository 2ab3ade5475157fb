package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A step hangs on replica A past its deadline (A's operation timeout, 1 s): A ends the operation
 * as failed and interrupts the step, and replica B, whose own timeout is the 7-day default,
 * answers the same failure (the timeout is recorded with the operation) and can delete the
 * instance.
 */
class OperationDeadlineOnTwoReplicasTest {
  private final CountingProvider provider = new CountingProvider(false);
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch interrupted = new CountDownLatch(1);
  private final List<Integer> attempts = new CopyOnWriteArrayList<>();
  private ReplicaServer a;
  private ReplicaServer b;

  @BeforeEach
  void startReplicas() {
    a = ReplicaServer.onTestDatabase("deadline-a", pool -> ReplicaServer.replica(provider, pool)
        .operationTimeout(Duration.ofSeconds(1)).step(CountingProvider.STEP, ctx -> {
          attempts.add(ctx.attempt());
          started.countDown();
          try {
            new CountDownLatch(1).await(); // a call that never answers
          } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
          }
        }));
    b = ReplicaServer.onTestDatabase("deadline-b", pool -> ReplicaServer.replica(provider, pool)
        .step(CountingProvider.STEP, ctx -> attempts.add(ctx.attempt())));
  }

  @AfterEach
  void stopReplicas() {
    a.close();
    b.close();
  }

  @Test
  void aStepHungPastItsDeadlineFailsOnEveryReplicaAndTheInstanceCanBeDeleted()
      throws Exception {
    String id = UUID.randomUUID().toString();
    Reply accepted = a.provision(id, "step", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String operation = accepted.json().path("operation").asText();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    // nobody polls: A's maintenance ends the operation at its deadline and stops the step
    assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("A's step interrupted").isTrue();
    Reply onB = b.awaitFinished(id, operation, Duration.ofSeconds(30));
    assertThat(onB.status()).as(onB.toString()).isEqualTo(200);
    assertThat(onB.json().path("state").asText()).isEqualTo("failed");
    assertThat(onB.json().path("description").asText()).isEqualTo("The operation did not"
        + " finish within 1 second; the service broker stopped waiting for it.");
    assertThat(a.lastOperation(id, operation).json()).isEqualTo(onB.json());
    assertThat(attempts).as("not resumed anywhere").containsExactly(1);

    Reply deleted = b.send("DELETE", "/v2/service_instances/" + id + "?service_id="
        + CountingProvider.SERVICE + "&plan_id=step&accepts_incomplete=true", null);
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    assertThat(a.store().findInstance(id)).isEmpty();
  }
}

package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The database commits the statement that starts an operation (a claim, a begin), but the
 * replica never gets the answer (the connection is lost between the commit and its reply): the
 * platform gets 503 and retries, and the operation the replica believes it never started must
 * not stay in progress (renewed by that replica for as long as it runs), blocking every retry.
 */
class AnswerLostAfterCommitTest extends LostAnswerFixture {

  /** Retries as the platform does until the answer is not 503/422, or the time is up. */
  private static Reply retry(Supplier<Reply> call) throws InterruptedException {
    long deadline = System.nanoTime() + SEVERAL_LEASES.toNanos();
    Reply r;
    do {
      r = call.get();
      if (r.status() != 503 && r.status() != 422) {
        return r;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return r;
  }

  @Test
  void provisionWhoseClaimCommittedButWhoseAnswerWasLostSucceedsOnRetry() throws Exception {
    String id = UUID.randomUUID().toString();
    answerLost("INSERT INTO osb_instance", () -> replica.provision(id, "sync", false));
    Reply retried = retry(() -> replica.provision(id, "sync", false));
    assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
    assertThat(provider.counting.provisions.get()).isEqualTo(1);
    assertThat(replica.store().runningOperation(id)).isEmpty();
  }

  @Test
  void deprovisionWhoseBeginCommittedButWhoseAnswerWasLostSucceedsOnRetry() throws Exception {
    String id = UUID.randomUUID().toString();
    assertThat(replica.provision(id, "sync", false).status()).isEqualTo(201);
    answerLost("'DEPROVISIONING'", () -> replica.send("DELETE", instancePath(id), null));
    Reply retried = retry(() -> replica.send("DELETE", instancePath(id), null));
    assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
    assertThat(replica.store().findInstance(id)).isEmpty();
  }

  @Test
  void bindWhoseClaimCommittedButWhoseAnswerWasLostSucceedsOnRetry() throws Exception {
    String id = UUID.randomUUID().toString();
    assertThat(replica.provision(id, "sync", false).status()).isEqualTo(201);
    answerLost("INSERT INTO osb_binding", () -> replica.bind(id, "b1"));
    Reply retried = retry(() -> replica.bind(id, "b1"));
    assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
    assertThat(provider.counting.binds.get()).isEqualTo(1);
    assertThat(replica.store().runningOperation(id)).isEmpty();
  }

  @Test
  void unbindWhoseBeginCommittedButWhoseAnswerWasLostSucceedsOnRetry() throws Exception {
    String id = UUID.randomUUID().toString();
    assertThat(replica.provision(id, "sync", false).status()).isEqualTo(201);
    assertThat(replica.bind(id, "b1").status()).isEqualTo(201);
    answerLost("'UNBINDING'", () -> replica.send("DELETE", bindingPath(id, "b1"), null));
    Reply retried = retry(() -> replica.send("DELETE", bindingPath(id, "b1"), null));
    assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
    assertThat(replica.store().findBinding(id, "b1")).isEmpty();
  }
}

package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL: a bind whose provider call failed (500) leaves its binding failed, for the
 * platform's unbind. The identical retry's claim replaces it, is committed, and its answer is
 * lost (503): once the database answers again the claim is withdrawn, and the failed binding
 * must still be there (it was deleted, orphaning what the provider may hold).
 */
class FailedBindingAnswerLostOnPostgresTest extends LostAnswerFixture {

  @Test
  void retryOfAFailedBindWhoseClaimAnswerWasLostKeepsTheFailedBindingForTheUnbind()
      throws Exception {
    String id = UUID.randomUUID().toString();
    assertThat(replica.provision(id, "sync", false).status()).isEqualTo(201);
    provider.failNextBind.set(true);
    Reply failed = replica.bind(id, "b1");
    assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
    answerLost("INSERT INTO osb_binding", () -> replica.bind(id, "b1"));
    awaitClaimWithdrawn(id);
    assertThat(replica.store().findBinding(id, "b1")).get()
        .extracting(StoredBinding::status).isEqualTo(BindingStatus.BIND_FAILED);
    Reply unbound = replica.send("DELETE", bindingPath(id, "b1"), null);
    assertThat(unbound.status()).as(unbound.toString()).isEqualTo(200);
    assertThat(provider.unbinds).containsExactly("b1");
  }
}

package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL: a provision whose provider call failed (500) leaves its instance failed, for
 * the platform's deprovision (orphan mitigation). The identical retry's claim replaces it, is
 * committed, and its answer is lost (503): once the database answers again the claim is
 * withdrawn, and the failed instance must still be there (it was deleted, so the deprovision got
 * 410 and what the provider may hold was orphaned).
 */
class FailedProvisionAnswerLostOnPostgresTest extends LostAnswerFixture {

  @Test
  void retryOfAFailedProvisionWhoseClaimAnswerWasLostKeepsTheFailedInstanceForTheDeprovision()
      throws Exception {
    String id = UUID.randomUUID().toString();
    provider.failNextProvision.set(true);
    Reply failed = replica.provision(id, "sync", false);
    assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
    answerLost("WITH i AS (UPDATE ", () -> replica.provision(id, "sync", false));
    awaitClaimWithdrawn(id);
    assertThat(replica.store().findInstance(id)).as("the failed instance").get()
        .extracting(StoredInstance::status).isEqualTo(InstanceStatus.PROVISION_FAILED);
    Reply deleted = replica.send("DELETE", instancePath(id), null);
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    assertThat(provider.deprovisions).containsExactly(id);
  }
}

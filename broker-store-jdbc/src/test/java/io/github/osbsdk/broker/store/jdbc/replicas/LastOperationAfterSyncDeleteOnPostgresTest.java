package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL as in memory: once a synchronous deprovision removed an instance whose
 * asynchronous provision failed, {@code last_operation} without an operation id answers 404 as
 * for an unknown instance, not the provision's {@code failed}, while a poll naming the provision
 * still gets its answer; after an asynchronous deprovision it answers 410.
 */
class LastOperationAfterSyncDeleteOnPostgresTest {
  /** Provisions fail asynchronously; deletes are synchronous unless the request accepts 202. */
  private final ServiceBroker provider = new ServiceBroker() {
    @Override
    public Catalog catalog() {
      return CountingProvider.CATALOG;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      return ProvisionResult.accepted(AsyncWork.task(() -> {
        throw ServiceBrokerException.badRequest("The region is full.");
      }));
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      return request.acceptsIncomplete() ? DeprovisionResult.accepted(AsyncWork.task(() -> { }))
          : DeprovisionResult.deleted();
    }
  };
  private final ReplicaServer replica = ReplicaServer.onTestDatabase("last-op-after-delete",
      pool -> ReplicaServer.replica(provider, pool));

  @AfterEach
  void stop() {
    replica.close();
  }

  /** Provisions {@code id} and waits for its failure; returns the provision's operation id. */
  private String failedProvision(String id) throws InterruptedException {
    Reply accepted = replica.provision(id, "async", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String op = accepted.json().get("operation").asText();
    Reply failed = replica.awaitFinished(id, op, Duration.ofSeconds(10));
    assertThat(failed.json().path("state").asText()).as(failed.toString()).isEqualTo("failed");
    return op;
  }

  private Reply delete(String id, boolean async) {
    return replica.send("DELETE", "/v2/service_instances/" + id + "?service_id="
        + CountingProvider.SERVICE + "&plan_id=async" + (async ? "&accepts_incomplete=true" : ""),
        null);
  }

  @Test
  void lastOperationOfAnInstanceDeletedSynchronouslyAfterItsProvisionFailedIsUnknown()
      throws InterruptedException {
    String id = UUID.randomUUID().toString();
    String provision = failedProvision(id);
    Reply deleted = delete(id, false);
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);

    Reply latest = replica.lastOperation(id, null);
    assertThat(latest.status()).as(latest.toString()).isEqualTo(404);
    assertThat(latest.json().path("description").asText())
        .isEqualTo("No operation is known for this service instance.");
    Reply late = replica.lastOperation(id, provision);
    assertThat(late.status()).as(late.toString()).isEqualTo(200);
    assertThat(late.json().path("state").asText()).isEqualTo("failed");
  }

  @Test
  void lastOperationOfAnInstanceDeletedAsynchronouslyAfterItsProvisionFailedIsGone()
      throws InterruptedException {
    String id = UUID.randomUUID().toString();
    failedProvision(id);
    Reply accepted = delete(id, true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    assertThat(replica.awaitFinished(id, accepted.json().get("operation").asText(),
        Duration.ofSeconds(10)).status()).isEqualTo(410);

    assertThat(replica.lastOperation(id, null).status()).isEqualTo(410);
  }
}

package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.poll;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoredOperation;
import org.junit.jupiter.api.Test;

/**
 * A failed asynchronous deprovision restores the status its operation recorded; a recorded
 * status this version does not know (written by a newer replica during a rolling upgrade, or a
 * damaged row) restores the instance as ready instead of leaving the operation unfinishable.
 */
class FailedDeleteRestoreTest {
  private final InMemoryBrokerStore shared = new InMemoryBrokerStore();

  /** The store, with the recorded status of every accepted delete replaced by {@code status}. */
  private BrokerStore recording(String status) {
    return StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("acceptOperation")) {
        StoredOperation op = (StoredOperation) args[0];
        args[0] = new StoredOperation(op.id(), op.instanceId(), op.bindingId(), op.type(),
            op.status(), op.description(), op.instanceUsable(), op.updateRepeatable(),
            op.fingerprint(), op.async(), op.owner(), op.leaseExpiry(), op.attempt(),
            op.stepName(), op.stepArguments(), op.externalOperation(),
            op.payload().replace("\"READY\"", status), op.requestId(), op.createdAt(),
            op.finishedAt());
      }
      return target.proceed(args);
    });
  }

  private final TestServiceBroker provider = new TestServiceBroker() {
    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      return DeprovisionResult.accepted(AsyncWork.task(() -> {
        throw ServiceBrokerException.badRequest("The backend refused.");
      }));
    }
  };

  private void failedDeprovisionRestoresReady(String recordedStatus) {
    try (TestServer s = new TestServer(builder(provider).store(recording(recordedStatus))
        .build())) {
      String id = id();
      assertThat(provision(s, id, "plan-sync", "{}", false).status()).isEqualTo(201);
      Reply accepted = s.call("DELETE", "/v2/service_instances/" + id + "?service_id="
          + TestServiceBroker.SERVICE + "&plan_id=plan-sync&accepts_incomplete=true").send();
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);

      Reply failed = poll(s, id, accepted.json().get("operation").asText());
      assertThat(failed.json().get("state").asText()).as(failed.toString()).isEqualTo("failed");
      assertThat(shared.findInstance(id).orElseThrow().status()).isEqualTo(InstanceStatus.READY);
    }
  }

  @Test
  void aFailedDeprovisionWhoseRecordedStatusIsUnknownRestoresTheInstanceAsReady() {
    failedDeprovisionRestoresReady("\"SUSPENDED\"");
  }

  @Test
  void aFailedDeprovisionWhoseRecordedStatusIsNoTextRestoresTheInstanceAsReady() {
    failedDeprovisionRestoresReady("{\"nested\":true}");
  }

  /**
   * The work of an asynchronous deprovision finds the instance already gone and throws 410, as
   * a synchronous deprovision may: the instance is deleted, as then, and not restored as ready
   * (where every later deprovision would end the same way and it would stay for ever).
   */
  @Test
  void anAsynchronousDeprovisionWhoseWorkFindsTheInstanceGoneDeletesIt() {
    TestServiceBroker gone = new TestServiceBroker() {
      @Override
      public DeprovisionResult deprovision(DeprovisionRequest request) {
        return DeprovisionResult.accepted(AsyncWork.task(() -> {
          throw ServiceBrokerException.gone("No such database.");
        }));
      }
    };
    try (TestServer s = new TestServer(builder(gone).store(shared).build())) {
      String id = id();
      assertThat(provision(s, id, "plan-sync", "{}", false).status()).isEqualTo(201);
      Reply accepted = s.call("DELETE", "/v2/service_instances/" + id + "?service_id="
          + TestServiceBroker.SERVICE + "&plan_id=plan-sync&accepts_incomplete=true").send();
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);

      Reply done = poll(s, id, accepted.json().get("operation").asText());
      assertThat(done.status()).as(done.toString()).isEqualTo(410);
      assertThat(shared.findInstance(id)).isEmpty();
    }
  }
}

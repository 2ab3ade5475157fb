package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider answers a provision with work it tracks itself; the database commits the
 * acceptance (which clears the operation's owner and lease) but its answer is lost, so the
 * platform gets 503. The replica then undoes the operation once the store is back ("the
 * platform retries or deletes: the operation must not be in the way"), but that undo is guarded
 * by the owner, which the acceptance just cleared: it changes nothing, and nothing says so. The
 * operation stays in progress, with no owner and no lease, advanced only by a poll the platform
 * cannot send (it never got the operation's id), and the platform's orphan-mitigation DELETE is
 * answered 422 ConcurrencyError, again and again. The same when the store refuses that undo
 * once for a reason other than an outage: its retry checked that the operation was still this
 * replica's, which the acceptance had cleared, and gave up.
 */
class ProviderTrackedAcceptAnswerLostTest {
  private static final Duration SEVERAL_LEASES = ReplicaServer.LEASE.multipliedBy(5);
  private static final String PATH_QUERY = "?accepts_incomplete=true&service_id="
      + CountingProvider.SERVICE + "&plan_id=async";
  private final List<String> deprovisions = new CopyOnWriteArrayList<>();
  private AnswerLostAfterCommit lost;
  private ReplicaServer replica;

  /** Provisions with provider-tracked work that stays in progress until asked otherwise. */
  private final ServiceBroker provider = new ServiceBroker() {
    @Override
    public Catalog catalog() {
      return CountingProvider.CATALOG;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      return ProvisionResult.accepted(AsyncWork.trackedByProvider("ext-" + request.instanceId()));
    }

    @Override
    public LastOperation lastOperation(LastOperationRequest request) {
      return LastOperation.inProgress();
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      deprovisions.add(request.instanceId());
      return DeprovisionResult.deleted();
    }
  };

  @BeforeEach
  void start() {
    replica = ReplicaServer.onTestDatabase("tracked-accept-lost", pool -> {
      lost = new AnswerLostAfterCommit(pool);
      return ReplicaServer.replica(provider, lost.dataSource());
    });
  }

  @AfterEach
  void stop() {
    replica.close(); // and its pool
  }

  @Test
  void orphanMitigationDeleteAfterALostProviderTrackedAcceptanceIsNotRefusedForEver()
      throws Exception {
    String id = UUID.randomUUID().toString();
    provisionWithTheAcceptancesAnswerLost(id);
    assertTheDeleteGoesThrough(id);
  }

  @Test
  void theUndoOfALostProviderTrackedAcceptanceRefusedOnceIsDoneAgainSoTheDeleteGoesThrough()
      throws Exception {
    String id = UUID.randomUUID().toString();
    // the undo's first write (a finish of the operation, whichever run it names) is refused
    lost.refuse("RETURNING instance_id, binding_id, id, async", lost::fired);
    provisionWithTheAcceptancesAnswerLost(id);
    assertTheDeleteGoesThrough(id);
    assertThat(lost.refused()).as("the undo was refused once").isTrue();
    assertThat(replica.store().runningOperation(id)).as("nothing in progress").isEmpty();
  }

  private void provisionWithTheAcceptancesAnswerLost(String id) {
    lost.arm("SET async = true");
    Reply first = replica.provision(id, "async", true);
    assertThat(lost.fired()).as("the acceptance's answer was lost").isTrue();
    assertThat(first.status()).as(first.toString()).isEqualTo(503);
  }

  private void assertTheDeleteGoesThrough(String id) throws InterruptedException {
    String path = "/v2/service_instances/" + id + PATH_QUERY;
    long deadline = System.nanoTime() + SEVERAL_LEASES.toNanos();
    Reply delete = replica.send("DELETE", path, null);
    while ((delete.status() == 503 || delete.status() == 422) && System.nanoTime() < deadline) {
      replica.broker.maintainOperations();
      Thread.sleep(100);
      delete = replica.send("DELETE", path, null);
    }
    assertThat(delete.status()).as("the platform's DELETE, several leases after the 503: %s",
        delete).isIn(200, 202, 410);
  }
}

package io.github.osbsdk.broker.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.OperationType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The store rules for claims: one winner per instance or binding id, what the losers see,
 * and what a failed provision leaves behind.
 * Part of {@link BrokerStoreContract}.
 */
public interface ClaimContract extends StoreContractFixture {
  @Test
  default void claimInsertsTheInstanceAsProvisioningAndTheOperationAsRunning() {
    String id = id();
    StoredOperation op = op(id, null, OperationType.PROVISION, ME);
    assertThat(s().claimInstance(instance(id, "fp"), op)).isInstanceOf(Claim.Won.class);
    StoredInstance stored = s().findInstance(id).orElseThrow();
    assertThat(stored.status()).isEqualTo(InstanceStatus.PROVISIONING);
    assertThat(stored.parameters()).contains("\"a\"");
    assertThat(stored.maintenanceInfoVersion()).isEqualTo("1.0");
    assertThat(stored.createdAt()).isEqualTo(now());
    assertThat(s().runningOperation(id)).get().extracting(StoredOperation::id)
        .isEqualTo(op.id());
    assertThat(s().findOperation(id, null, null)).get().extracting(StoredOperation::owner)
        .isEqualTo(ME);
  }

  @Test
  default void secondClaimOfAnIdGetsTheStoredInstanceAndItsRunningOperation() {
    String id = id();
    StoredOperation op = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), op);
    Claim<StoredInstance> again = secondReplica().claimInstance(instance(id, "other"),
        op(id, null, OperationType.PROVISION, OTHER));
    assertThat(again).isInstanceOf(Claim.Exists.class);
    Claim.Exists<StoredInstance> exists = (Claim.Exists<StoredInstance>) again;
    assertThat(exists.existing().fingerprint()).isEqualTo("fp");
    assertThat(exists.running().id()).isEqualTo(op.id());
  }

  @Test
  default void fiftyConcurrentClaimsOfOneIdHaveExactlyOneWinner() throws Exception {
    String id = id();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Claim<StoredInstance>>> results = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        BrokerStore view = i % 2 == 0 ? s() : secondReplica();
        Callable<Claim<StoredInstance>> call = () -> {
          start.await();
          return view.claimInstance(instance(id, "fp"),
              op(id, null, OperationType.PROVISION, ME));
        };
        results.add(pool.submit(call));
      }
      start.countDown();
      int won = 0;
      for (Future<Claim<StoredInstance>> f : results) {
        if (f.get(30, TimeUnit.SECONDS) instanceof Claim.Won) {
          won++;
        }
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void failedSynchronousProvisionLeavesNothingBehind() {
    String id = id();
    StoredOperation op = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), op);
    assertThat(s().finishOperation(new Finish(op.id(), ME, op.attempt(),
        OperationStatus.FAILED, "boom", null,
        null, false, Finish.RowChange.delete(), Finish.RowChange.none(), now()))).isTrue();
    assertThat(s().findInstance(id)).isEmpty();
    assertThat(s().findOperation(id, null, null)).isEmpty();
    assertThat(s().findOperation(id, null, op.id())).isEmpty();
    assertThat(s().runningOperation(id)).isEmpty();
    assertThat(s().claimInstance(instance(id, "fp"), op(id, null, OperationType.PROVISION, ME)))
        .isInstanceOf(Claim.Won.class);
  }

  @Test
  default void failedAsyncProvisionCanBeClaimedAgainByAnIdenticalRequestOnly() {
    String id = id();
    StoredOperation op = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), op);
    assertThat(s().acceptOperation(op.accepted("step", "{}", null, "{\"p\":1}",
        now().plusSeconds(30)), ME)).isTrue();
    assertThat(s().finishOperation(new Finish(op.id(), ME, op.attempt(),
        OperationStatus.FAILED, "boom", null, null, true, Finish.RowChange.put(instance(id, "fp")
            .withStatus(InstanceStatus.PROVISION_FAILED, now())), Finish.RowChange.none(), now())))
        .isTrue();
    StoredOperation failed = s().findOperation(id, null, op.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(failed.description()).isEqualTo("boom");
    assertThat(failed.async()).isTrue();
    assertThat(failed.stepName()).isEqualTo("step");
    assertThat(failed.payload()).as("a finished operation keeps no payload").isNull();
    assertThat(s().claimInstance(instance(id, "different"),
        op(id, null, OperationType.PROVISION, ME))).isInstanceOf(Claim.Exists.class);
    assertThat(s().claimInstance(instance(id, "fp"), op(id, null, OperationType.PROVISION, ME)))
        .isInstanceOf(Claim.Won.class);
  }

  @Test
  default void bindingsOfOneInstanceMayRunSideBySideButNotTwiceOnOneBinding() {
    String id = id();
    provisionReady(id);
    StoredOperation b1 = op(id, "b1", OperationType.BIND, ME);
    assertThat(s().claimBinding(binding(id, "b1", "fp"), b1)).isInstanceOf(Claim.Won.class);
    assertThat(s().claimBinding(binding(id, "b2", "fp"), op(id, "b2", OperationType.BIND, ME)))
        .isInstanceOf(Claim.Won.class);
    Claim<StoredBinding> again = secondReplica().claimBinding(binding(id, "b1", "fp"),
        op(id, "b1", OperationType.BIND, OTHER));
    assertThat(again).isInstanceOf(Claim.Exists.class);
    assertThat(((Claim.Exists<StoredBinding>) again).running().id()).isEqualTo(b1.id());
    assertThat(s().beginOperation(op(id, null, OperationType.DEPROVISION, ME)))
        .isInstanceOf(Begin.Busy.class);
    assertThat(s().findBinding(id, "b1").orElseThrow().status())
        .isEqualTo(BindingStatus.BINDING);
  }

  /** A bind operation carrying a payload, as the SDK starts every bind. */
  private StoredOperation bindWithPayload(String id, String bindingId, String owner) {
    return op(id, bindingId, OperationType.BIND, owner)
        .withPayload("{\"previous_status\":\"BIND_FAILED\"}");
  }

  @Test
  default void claimOfAFreeBindingIdReportsNothingReplacedAndStoresNoPayload() {
    String id = id();
    provisionReady(id);
    StoredOperation op = bindWithPayload(id, "b1", ME);
    Claim<StoredBinding> claim = s().claimBinding(binding(id, "b1", "fp"), op);
    assertThat(claim).isInstanceOf(Claim.Won.class);
    assertThat(((Claim.Won<StoredBinding>) claim).replaced()).isNull();
    assertThat(s().findOperation(id, "b1", op.id())).get()
        .extracting(StoredOperation::payload).isNull();
  }

  @Test
  default void claimOfAFailedBindingReportsItAsItWasAndStoresThePayload() {
    String id = id();
    provisionReady(id);
    StoredOperation first = op(id, "b1", OperationType.BIND, ME);
    s().claimBinding(binding(id, "b1", "fp"), first);
    StoredBinding failed = new StoredBinding(id, "b1", "svc", "plan", "fp", null,
        "{\"platform\":\"first\"}", "{\"app_guid\":\"app\"}", "app", null, null,
        BindingStatus.BIND_FAILED, now());
    assertThat(s().finishOperation(Finish.of(first, OperationStatus.FAILED, null, null, null,
        false, Finish.RowChange.none(), Finish.RowChange.put(failed), now()))).isTrue();
    StoredOperation retry = bindWithPayload(id, "b1", OTHER);
    Claim<StoredBinding> claim = secondReplica().claimBinding(binding(id, "b1", "fp"), retry);
    assertThat(claim).isInstanceOf(Claim.Won.class);
    assertThat(((Claim.Won<StoredBinding>) claim).replaced()).isEqualTo(failed);
    assertThat(s().findBinding(id, "b1")).get().extracting(StoredBinding::status)
        .isEqualTo(BindingStatus.BINDING);
    assertThat(s().findOperation(id, "b1", retry.id())).get()
        .extracting(StoredOperation::payload).isEqualTo(retry.payload());
  }

  /** A provision operation carrying a payload, as the SDK starts every provision. */
  private StoredOperation provisionWithPayload(String id, String owner) {
    return op(id, null, OperationType.PROVISION, owner)
        .withPayload("{\"previous_status\":\"PROVISION_FAILED\"}");
  }

  @Test
  default void claimOfAFreeInstanceIdReportsNothingReplacedAndStoresNoPayload() {
    String id = id();
    StoredOperation op = provisionWithPayload(id, ME);
    Claim<StoredInstance> claim = s().claimInstance(instance(id, "fp"), op);
    assertThat(claim).isInstanceOf(Claim.Won.class);
    assertThat(((Claim.Won<StoredInstance>) claim).replaced()).isNull();
    assertThat(s().findOperation(id, null, op.id())).get()
        .extracting(StoredOperation::payload).isNull();
  }

  @Test
  default void claimOfAFailedInstanceReportsItAsItWasAndStoresThePayload() {
    String id = id();
    StoredOperation first = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), first);
    StoredInstance failed = instance(id, "fp").withStatus(InstanceStatus.PROVISION_FAILED,
        now().plusSeconds(1));
    assertThat(s().finishOperation(Finish.of(first, OperationStatus.FAILED, null, null, null,
        false, Finish.RowChange.put(failed), Finish.RowChange.none(), now()))).isTrue();
    StoredInstance asStored = s().findInstance(id).orElseThrow();
    StoredOperation retry = provisionWithPayload(id, OTHER);
    Claim<StoredInstance> claim = secondReplica().claimInstance(instance(id, "fp"), retry);
    assertThat(claim).isInstanceOf(Claim.Won.class);
    assertThat(((Claim.Won<StoredInstance>) claim).replaced()).isEqualTo(asStored)
        .extracting(StoredInstance::status).isEqualTo(InstanceStatus.PROVISION_FAILED);
    assertThat(s().findInstance(id)).get().extracting(StoredInstance::status)
        .isEqualTo(InstanceStatus.PROVISIONING);
    assertThat(s().findOperation(id, null, retry.id())).get()
        .extracting(StoredOperation::payload).isEqualTo(retry.payload());
  }

  @Test
  default void claimOfAFailedInstanceKeepsItsDashboardMetadataAndCreationTime() {
    String id = id();
    StoredOperation first = op(id, null, OperationType.PROVISION, ME);
    StoredInstance claimed = instance(id, "fp");
    s().claimInstance(claimed, first);
    StoredInstance failed = new StoredInstance(id, "svc", "plan", "fp", claimed.parameters(),
        claimed.context(), "org", "space", "1.0", "https://dashboard.example/first",
        "{\"labels\":{\"tier\":\"gold\"}}", InstanceStatus.PROVISION_FAILED, true, now(),
        claimed.createdAt(), now());
    assertThat(s().finishOperation(Finish.of(first, OperationStatus.FAILED, null, null, null,
        false, Finish.RowChange.put(failed), Finish.RowChange.none(), now()))).isTrue();
    StoredInstance asStored = s().findInstance(id).orElseThrow();
    StoredInstance retry = instance(id, "fp");
    retry = new StoredInstance(id, "svc", "plan", "fp", retry.parameters(), retry.context(),
        "org", "space", "1.0", null, null, InstanceStatus.PROVISIONING, true, now(),
        asStored.createdAt().plusSeconds(5), now());

    secondReplica().claimInstance(retry, provisionWithPayload(id, OTHER));

    StoredInstance provisioning = s().findInstance(id).orElseThrow();
    assertThat(provisioning.status()).isEqualTo(InstanceStatus.PROVISIONING);
    assertThat(provisioning.dashboardUrl()).isEqualTo("https://dashboard.example/first");
    assertThat(provisioning.metadata()).isEqualTo(asStored.metadata());
    assertThat(provisioning.createdAt()).isEqualTo(asStored.createdAt());
  }

  @Test
  default void claimOfAFailedBindingKeepsItsCreationTime() {
    String id = id();
    provisionReady(id);
    StoredOperation first = op(id, "b1", OperationType.BIND, ME);
    s().claimBinding(binding(id, "b1", "fp"), first);
    StoredBinding failed = binding(id, "b1", "fp").withStatus(BindingStatus.BIND_FAILED);
    assertThat(s().finishOperation(Finish.of(first, OperationStatus.FAILED, null, null, null,
        false, Finish.RowChange.none(), Finish.RowChange.put(failed), now()))).isTrue();
    StoredBinding asStored = s().findBinding(id, "b1").orElseThrow();
    StoredBinding retry = binding(id, "b1", "fp");
    retry = new StoredBinding(id, "b1", retry.serviceId(), retry.planId(), "fp", null, null,
        retry.bindResource(), retry.appGuid(), null, null, BindingStatus.BINDING,
        asStored.createdAt().plusSeconds(5));

    secondReplica().claimBinding(retry, bindWithPayload(id, "b1", OTHER));

    StoredBinding binding = s().findBinding(id, "b1").orElseThrow();
    assertThat(binding.status()).isEqualTo(BindingStatus.BINDING);
    assertThat(binding.createdAt()).isEqualTo(asStored.createdAt());
  }
}

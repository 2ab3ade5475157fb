package io.github.osbsdk.broker.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.OperationType;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The store rules for operations on stored instances and bindings: one instance operation
 * at a time, begin on missing or busy targets, finishes by the owner only and what they write.
 * Part of {@link BrokerStoreContract}.
 */
public interface OperationContract extends StoreContractFixture {
  @Test
  default void oneInstanceOperationAtATime() {
    String id = id();
    provisionReady(id);
    StoredOperation update = op(id, null, OperationType.UPDATE, ME);
    assertThat(s().beginOperation(update)).isInstanceOf(Begin.Started.class);
    Begin second = secondReplica().beginOperation(op(id, null, OperationType.DEPROVISION, OTHER));
    assertThat(second).isInstanceOf(Begin.Busy.class);
    assertThat(((Begin.Busy) second).running().id()).isEqualTo(update.id());
    assertThat(s().claimBinding(binding(id, "b1", "fp"), op(id, "b1", OperationType.BIND, ME)))
        .isInstanceOf(Claim.Blocked.class);
    s().finishOperation(new Finish(update.id(), ME, update.attempt(),
        OperationStatus.SUCCEEDED, null, null, null,
        false, Finish.RowChange.none(), Finish.RowChange.none(), now()));
    assertThat(s().beginOperation(op(id, null, OperationType.DEPROVISION, ME)))
        .isInstanceOf(Begin.Started.class);
    assertThat(s().findInstance(id).orElseThrow().status())
        .isEqualTo(InstanceStatus.DEPROVISIONING);
  }

  @Test
  default void operationsOnMissingTargetsAreMissing() {
    String id = id();
    assertThat(s().beginOperation(op(id, null, OperationType.DEPROVISION, ME)))
        .isInstanceOf(Begin.Missing.class);
    assertThat(s().beginOperation(op(id, null, OperationType.UPDATE, ME)))
        .isInstanceOf(Begin.Missing.class);
    provisionReady(id);
    assertThat(s().beginOperation(op(id, "nope", OperationType.UNBIND, ME)))
        .isInstanceOf(Begin.Missing.class);
    Claim<StoredBinding> noInstance = s().claimBinding(binding(id(), "b", "fp"),
        op(id, "b", OperationType.BIND, ME));
    assertThat(noInstance).isInstanceOf(Claim.Blocked.class);
    assertThat(((Claim.Blocked<StoredBinding>) noInstance).instance()).isNull();
  }

  @Test
  default void updateOfAnInstanceStillProvisioningIsBusy() {
    String id = id();
    StoredOperation op = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), op);
    Begin b = s().beginOperation(op(id, null, OperationType.UPDATE, ME));
    assertThat(b).isInstanceOf(Begin.Busy.class);
    assertThat(((Begin.Busy) b).running().id()).isEqualTo(op.id());
  }

  @Test
  default void finishedBindKeepsDetailsAndEncryptedCredentials() {
    String id = id();
    provisionReady(id);
    bindReady(id, "b1");
    StoredBinding b = s().findBinding(id, "b1").orElseThrow();
    assertThat(b.status()).isEqualTo(BindingStatus.READY);
    assertThat(b.details()).contains("syslog_drain_url");
    assertThat(b.credentials()).isEqualTo("ciphertext");
    assertThat(b.appGuid()).isEqualTo("app");
    assertThat(b.bindResource()).contains("app_guid");
  }

  @Test
  default void unbindMarksTheBindingAndItsSuccessDeletesIt() {
    String id = id();
    provisionReady(id);
    bindReady(id, "b1");
    StoredOperation unbind = op(id, "b1", OperationType.UNBIND, ME);
    Begin begin = s().beginOperation(unbind);
    assertThat(begin).isInstanceOf(Begin.Started.class);
    assertThat(((Begin.Started) begin).binding().bindingId()).isEqualTo("b1");
    assertThat(s().findBinding(id, "b1").orElseThrow().status())
        .isEqualTo(BindingStatus.UNBINDING);
    assertThat(s().beginOperation(op(id, "b1", OperationType.UNBIND, OTHER)))
        .isInstanceOf(Begin.Busy.class);
    s().acceptOperation(unbind.accepted(null, null, null, null, now().plusSeconds(30)), ME);
    assertThat(s().finishOperation(new Finish(unbind.id(), ME, unbind.attempt(),
        OperationStatus.SUCCEEDED, null,
        null, null, true, Finish.RowChange.none(), Finish.RowChange.delete(), now()))).isTrue();
    assertThat(s().findBinding(id, "b1")).isEmpty();
    assertThat(s().findOperation(id, "b1", null)).get().extracting(StoredOperation::status)
        .isEqualTo(OperationStatus.SUCCEEDED);
    assertThat(s().findOperation(id, null, unbind.id())).isEmpty();
  }

  @Test
  default void deprovisionDeletesTheInstanceWithItsBindingsAndKeepsTheAsyncOperation() {
    String id = id();
    provisionReady(id);
    bindReady(id, "b1");
    StoredOperation dep = op(id, null, OperationType.DEPROVISION, ME);
    assertThat(s().beginOperation(dep)).isInstanceOf(Begin.Started.class);
    assertThat(s().acceptOperation(dep.accepted(null, null, null, null, now().plusSeconds(30)),
        ME)).isTrue();
    assertThat(s().finishOperation(new Finish(dep.id(), ME, dep.attempt(),
        OperationStatus.SUCCEEDED, null,
        null, null, true, Finish.RowChange.delete(), Finish.RowChange.none(), now()))).isTrue();
    assertThat(s().findInstance(id)).isEmpty();
    assertThat(s().findBinding(id, "b1")).isEmpty();
    StoredOperation done = secondReplica().findOperation(id, null, null).orElseThrow();
    assertThat(done.id()).isEqualTo(dep.id());
    assertThat(done.status()).isEqualTo(OperationStatus.SUCCEEDED);
    assertThat(done.finishedAt()).isEqualTo(now());
    assertThat(s().claimInstance(instance(id, "fp"), op(id, null, OperationType.PROVISION, ME)))
        .isInstanceOf(Claim.Won.class);
  }

  @Test
  default void finishedOperationKeepsNeitherPayloadNorStepArguments() {
    // an async update's payload carries the customer's parameters (up to a request body): kept
    // with the finished operation for the retention time (days), every update's would stay
    String id = id();
    provisionReady(id);
    StoredOperation update = op(id, null, OperationType.UPDATE, ME);
    assertThat(s().beginOperation(update)).isInstanceOf(Begin.Started.class);
    StoredOperation accepted = update.accepted("step", "{\"a\":\"" + "x".repeat(1000) + "\"}",
        null, "{\"parameters\":{\"k\":\"" + "v".repeat(1000) + "\"}}", now().plusSeconds(30));
    // not read while in progress: a PostgreSQL store would start listening, holding a
    // connection of the contract's pool for a while
    assertThat(s().acceptOperation(accepted, ME)).isTrue();
    assertThat(s().finishOperation(Finish.of(accepted, OperationStatus.FAILED, "boom", true, true,
        true, Finish.RowChange.none(), Finish.RowChange.none(), now()))).isTrue();
    StoredOperation done = secondReplica().findOperation(id, null, update.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(done.description()).isEqualTo("boom");
    assertThat(done.instanceUsable()).isTrue();
    assertThat(done.async()).isTrue();
    assertThat(done.stepName()).isEqualTo("step");
    assertThat(done.payload()).isNull();
    assertThat(done.stepArguments()).isNull();
  }

  @Test
  default void onlyTheOwnerFinishesAnOperationAndOnlyOnce() {
    String id = id();
    StoredOperation op = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), op);
    Finish byOther = new Finish(op.id(), OTHER, op.attempt(),
        OperationStatus.SUCCEEDED, null, null, null,
        true, Finish.RowChange.delete(), Finish.RowChange.none(), now());
    assertThat(secondReplica().finishOperation(byOther)).isFalse();
    assertThat(s().findInstance(id)).isPresent();
    Finish mine = new Finish(op.id(), ME, op.attempt(),
        OperationStatus.SUCCEEDED, null, null, null, true,
        Finish.RowChange.put(instance(id, "fp").withStatus(InstanceStatus.READY, now())),
        Finish.RowChange.none(), now());
    assertThat(s().finishOperation(mine)).isTrue();
    assertThat(s().finishOperation(mine)).isFalse();
    assertThat(s().acceptOperation(op.accepted(null, null, null, null, now()), ME)).isFalse();
  }

  @Test
  default void finishThatPutsTheInstanceKeepsAnEnabledStateSetWhileItRan() {
    String id = id();
    provisionReady(id);
    StoredOperation update = op(id, null, OperationType.UPDATE, ME);
    StoredInstance before = ((Begin.Started) s().beginOperation(update)).instance();
    Instant later = now().plusSeconds(3);
    secondReplica().setEnabled(id, false, later);
    assertThat(s().finishOperation(new Finish(update.id(), ME, update.attempt(),
        OperationStatus.SUCCEEDED, null,
        null, null, false, Finish.RowChange.put(before.withStatus(InstanceStatus.READY,
            later.plusSeconds(1))), Finish.RowChange.none(), later.plusSeconds(1)))).isTrue();
    StoredInstance after = secondReplica().findInstance(id).orElseThrow();
    assertThat(after.enabled()).isFalse();
    assertThat(after.enabledChangedAt()).isEqualTo(later);
    assertThat(after.updatedAt()).isEqualTo(later.plusSeconds(1));
  }

  @Test
  default void finishedPlanChangeWithoutMaintenanceVersionStoresNoneWhereTheOldPlanHadOne() {
    String id = id();
    provisionReady(id);
    assertThat(s().findInstance(id).orElseThrow().maintenanceInfoVersion()).isEqualTo("1.0");
    StoredOperation update = op(id, null, OperationType.UPDATE, ME);
    StoredInstance b = ((Begin.Started) s().beginOperation(update)).instance();
    StoredInstance changed = new StoredInstance(b.id(), b.serviceId(), "other-plan", "fp2",
        b.parameters(), b.context(), b.organizationGuid(), b.spaceGuid(), null,
        b.dashboardUrl(), b.metadata(), InstanceStatus.READY, b.enabled(), b.enabledChangedAt(),
        b.createdAt(), now().plusSeconds(1));
    assertThat(s().finishOperation(new Finish(update.id(), ME, update.attempt(),
        OperationStatus.SUCCEEDED, null, null, null, false, Finish.RowChange.put(changed),
        Finish.RowChange.none(), now().plusSeconds(1)))).isTrue();
    StoredInstance after = secondReplica().findInstance(id).orElseThrow();
    assertThat(after.planId()).isEqualTo("other-plan");
    assertThat(after.maintenanceInfoVersion()).isNull();
    assertThat(after.fingerprint()).isEqualTo("fp2");
  }

  @Test
  default void bindingKeepsTheParametersAndBindResourceItWasClaimedWith() {
    String id = id();
    provisionReady(id);
    StoredOperation bind = op(id, "b2", OperationType.BIND, ME);
    StoredBinding claim = new StoredBinding(id, "b2", "svc", "plan", "fp", "{\"x\":1}",
        "{\"platform\":\"x\"}", "{\"app_guid\":\"app\"}", "app", null, null,
        BindingStatus.BINDING, now());
    assertThat(s().claimBinding(claim, bind)).isInstanceOf(Claim.Won.class);
    assertThat(s().finishOperation(new Finish(bind.id(), ME, bind.attempt(),
        OperationStatus.SUCCEEDED, null, null, null, false, Finish.RowChange.none(),
        Finish.RowChange.put(claim.withStatus(BindingStatus.READY)), now()))).isTrue();
    StoredBinding stored = secondReplica().findBinding(id, "b2").orElseThrow();
    assertThat(stored.parameters()).isEqualTo("{\"x\":1}");
    assertThat(stored.bindResource()).isEqualTo("{\"app_guid\":\"app\"}");
    assertThat(stored.appGuid()).isEqualTo("app");
    assertThat(stored.context()).isEqualTo("{\"platform\":\"x\"}");
  }

  @Test
  default void provisionFinishKeepsAnEnabledStateSetWhileTheInstanceWasProvisioning() {
    String id = id();
    StoredOperation provision = op(id, null, OperationType.PROVISION, ME);
    assertThat(s().claimInstance(instance(id, "fp"), provision)).isInstanceOf(Claim.Won.class);
    Instant later = now().plusSeconds(3);
    assertThat(secondReplica().setEnabled(id, false, later)).get()
        .extracting(StoredInstance::enabled, StoredInstance::status)
        .containsExactly(false, InstanceStatus.PROVISIONING);
    StoredInstance ready = instance(id, "fp").withStatus(InstanceStatus.READY,
        later.plusSeconds(1));
    assertThat(s().finishOperation(new Finish(provision.id(), ME, provision.attempt(),
        OperationStatus.SUCCEEDED, null, null, null, true, Finish.RowChange.put(ready),
        Finish.RowChange.none(), later.plusSeconds(1)))).isTrue();
    StoredInstance after = secondReplica().findInstance(id).orElseThrow();
    assertThat(after.status()).isEqualTo(InstanceStatus.READY);
    assertThat(after.enabled()).isFalse();
    assertThat(after.enabledChangedAt()).isEqualTo(later);
  }

  @Test
  default void finishThatPutsTheBindingKeepsCredentialsReplacedWhileItRan() {
    String id = id();
    provisionReady(id);
    bindReady(id, "b1", "under-old-key");
    StoredOperation unbind = op(id, "b1", OperationType.UNBIND, ME);
    StoredBinding before = ((Begin.Started) s().beginOperation(unbind)).binding();
    assertThat(secondReplica().replaceCredentials(id, "b1", "under-old-key", "under-new-key"))
        .isTrue();
    // the unbind failed: the binding is restored as it was read
    assertThat(s().finishOperation(new Finish(unbind.id(), ME, unbind.attempt(),
        OperationStatus.FAILED, "no",
        null, null, false, Finish.RowChange.none(), Finish.RowChange.put(before), now())))
        .isTrue();
    StoredBinding after = secondReplica().findBinding(id, "b1").orElseThrow();
    assertThat(after.status()).isEqualTo(BindingStatus.READY);
    assertThat(after.credentials()).isEqualTo("under-new-key");
  }

  @Test
  default void deletingASynchronousOperationUncoversTheAsynchronousOneBefore() {
    String id = id();
    StoredOperation prov = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), prov);
    s().acceptOperation(prov.accepted(null, null, null, null, now().plusSeconds(30)), ME);
    s().finishOperation(new Finish(prov.id(), ME, prov.attempt(),
        OperationStatus.SUCCEEDED, null, null, null,
        true, Finish.RowChange.put(instance(id, "fp").withStatus(InstanceStatus.READY, now())),
        Finish.RowChange.none(), now()));
    StoredOperation update = StoredOperation.start("op-" + UUID.randomUUID(), id, null,
        OperationType.UPDATE, "fp", ME, now().plusSeconds(30), "req", null, now().plusSeconds(1));
    s().beginOperation(update);
    assertThat(s().findOperation(id, null, null)).get().extracting(StoredOperation::id)
        .isEqualTo(update.id());
    s().finishOperation(new Finish(update.id(), ME, update.attempt(),
        OperationStatus.SUCCEEDED, null, null, null,
        false, Finish.RowChange.none(), Finish.RowChange.none(), now().plusSeconds(1)));
    assertThat(s().findOperation(id, null, null)).get().extracting(StoredOperation::id)
        .isEqualTo(prov.id());
  }

  @Test
  default void purgeDeletesFinishedOperationsOnly() {
    String id = id();
    provisionReady(id);
    StoredOperation up = op(id, null, OperationType.UPDATE, ME);
    s().beginOperation(up);
    s().acceptOperation(up.accepted(null, null, null, null, now().plusSeconds(30)), ME);
    s().finishOperation(new Finish(up.id(), ME, up.attempt(),
        OperationStatus.SUCCEEDED, null, null, null,
        true, Finish.RowChange.none(), Finish.RowChange.none(), now()));
    StoredOperation running = op(id, null, OperationType.UPDATE, ME);
    s().beginOperation(running);
    assertThat(s().purgeOperations(now().plusSeconds(1))).isEqualTo(1);
    assertThat(s().findOperation(id, null, up.id())).isEmpty();
    assertThat(s().findOperation(id, null, running.id())).isPresent();
  }
}

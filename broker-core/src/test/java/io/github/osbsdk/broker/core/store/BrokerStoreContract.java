package io.github.osbsdk.broker.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link BrokerStore} keeps. Extend it and return a fresh, empty store (or two
 * views of one shared store, for {@link #secondView()}) per test.
 */
public abstract class BrokerStoreContract {
  /** The replica ids the tests use. */
  protected static final String ME = "replica-a";
  /** Another replica. */
  protected static final String OTHER = "replica-b";
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  /**
   * The store under test, empty at the start of each test; called once per test.
   *
   * @return the store
   */
  protected abstract BrokerStore store();

  /**
   * A second handle on the same data (a second replica); defaults to the same object.
   *
   * @return the store seen by another replica
   */
  protected BrokerStore secondView() {
    return s();
  }

  private BrokerStore store;

  private BrokerStore s() {
    if (store == null) {
      store = store();
    }
    return store;
  }

  /**
   * A new instance row.
   *
   * @param id the id
   * @param fingerprint the fingerprint
   * @return the row
   */
  protected StoredInstance instance(String id, String fingerprint) {
    return new StoredInstance(id, "svc", "plan", fingerprint, "{\"a\":1}", "{\"platform\":\"x\"}",
        "org", "space", "1.0", null, null, InstanceStatus.PROVISIONING, true, now, now, now);
  }

  private StoredBinding binding(String instanceId, String bindingId, String fingerprint) {
    return new StoredBinding(instanceId, bindingId, "svc", "plan", fingerprint, null, null,
        "{\"app_guid\":\"app\"}", "app", null, null, BindingStatus.BINDING, now);
  }

  private StoredOperation op(String instanceId, String bindingId, OperationType type,
      String owner) {
    return StoredOperation.start(UUID.randomUUID().toString(), instanceId, bindingId, type, "fp",
        owner, now.plusSeconds(30), "req", null, now);
  }

  private String id() {
    return "inst-" + UUID.randomUUID();
  }

  private void provisionReady(String id) {
    StoredOperation op = op(id, null, OperationType.PROVISION, ME);
    assertThat(s().claimInstance(instance(id, "fp"), op)).isInstanceOf(Claim.Won.class);
    assertThat(s().finishOperation(new Finish(op.id(), ME, OperationStatus.SUCCEEDED, null, null,
        null, false, Finish.RowChange.put(instance(id, "fp")
            .withStatus(InstanceStatus.READY, now)), Finish.RowChange.none(), now))).isTrue();
  }

  private void bindReady(String id, String bindingId) {
    bindReady(id, bindingId, "ciphertext");
  }

  private void bindReady(String id, String bindingId, String credentials) {
    StoredOperation op = op(id, bindingId, OperationType.BIND, ME);
    assertThat(s().claimBinding(binding(id, bindingId, "fp"), op)).isInstanceOf(Claim.Won.class);
    assertThat(s().finishOperation(new Finish(op.id(), ME, OperationStatus.SUCCEEDED, null, null,
        null, false, Finish.RowChange.none(), Finish.RowChange.put(
            binding(id, bindingId, "fp").withStatus(BindingStatus.READY)
                .withResult("{\"syslog_drain_url\":\"x\"}", credentials)), now))).isTrue();
  }

  @Test
  void claimInsertsTheInstanceAsProvisioningAndTheOperationAsRunning() {
    String id = id();
    StoredOperation op = op(id, null, OperationType.PROVISION, ME);
    assertThat(s().claimInstance(instance(id, "fp"), op)).isInstanceOf(Claim.Won.class);
    StoredInstance stored = s().findInstance(id).orElseThrow();
    assertThat(stored.status()).isEqualTo(InstanceStatus.PROVISIONING);
    assertThat(stored.parameters()).contains("\"a\"");
    assertThat(stored.maintenanceInfoVersion()).isEqualTo("1.0");
    assertThat(stored.createdAt()).isEqualTo(now);
    assertThat(s().runningOperation(id)).get().extracting(StoredOperation::id)
        .isEqualTo(op.id());
    assertThat(s().findOperation(id, null, null)).get().extracting(StoredOperation::owner)
        .isEqualTo(ME);
  }

  @Test
  void secondClaimOfAnIdGetsTheStoredInstanceAndItsRunningOperation() {
    String id = id();
    StoredOperation op = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), op);
    Claim<StoredInstance> again = secondView().claimInstance(instance(id, "other"),
        op(id, null, OperationType.PROVISION, OTHER));
    assertThat(again).isInstanceOf(Claim.Exists.class);
    Claim.Exists<StoredInstance> exists = (Claim.Exists<StoredInstance>) again;
    assertThat(exists.existing().fingerprint()).isEqualTo("fp");
    assertThat(exists.running().id()).isEqualTo(op.id());
  }

  @Test
  void fiftyConcurrentClaimsOfOneIdHaveExactlyOneWinner() throws Exception {
    String id = id();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Claim<StoredInstance>>> results = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        BrokerStore view = i % 2 == 0 ? s() : secondView();
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
  void failedSynchronousProvisionLeavesNothingBehind() {
    String id = id();
    StoredOperation op = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), op);
    assertThat(s().finishOperation(new Finish(op.id(), ME, OperationStatus.FAILED, "boom", null,
        null, false, Finish.RowChange.delete(), Finish.RowChange.none(), now))).isTrue();
    assertThat(s().findInstance(id)).isEmpty();
    assertThat(s().findOperation(id, null, null)).isEmpty();
    assertThat(s().findOperation(id, null, op.id())).isEmpty();
    assertThat(s().runningOperation(id)).isEmpty();
    assertThat(s().claimInstance(instance(id, "fp"), op(id, null, OperationType.PROVISION, ME)))
        .isInstanceOf(Claim.Won.class);
  }

  @Test
  void failedAsyncProvisionCanBeClaimedAgainByAnIdenticalRequestOnly() {
    String id = id();
    StoredOperation op = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), op);
    assertThat(s().acceptOperation(op.accepted("step", "{}", null, "{\"p\":1}",
        now.plusSeconds(30)), ME)).isTrue();
    assertThat(s().finishOperation(new Finish(op.id(), ME, OperationStatus.FAILED, "boom", null,
        null, true, Finish.RowChange.put(instance(id, "fp")
            .withStatus(InstanceStatus.PROVISION_FAILED, now)), Finish.RowChange.none(), now)))
        .isTrue();
    StoredOperation failed = s().findOperation(id, null, op.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(failed.description()).isEqualTo("boom");
    assertThat(failed.async()).isTrue();
    assertThat(failed.stepName()).isEqualTo("step");
    assertThat(failed.payload()).isEqualTo("{\"p\":1}");
    assertThat(s().claimInstance(instance(id, "different"),
        op(id, null, OperationType.PROVISION, ME))).isInstanceOf(Claim.Exists.class);
    assertThat(s().claimInstance(instance(id, "fp"), op(id, null, OperationType.PROVISION, ME)))
        .isInstanceOf(Claim.Won.class);
  }

  @Test
  void oneInstanceOperationAtATime() {
    String id = id();
    provisionReady(id);
    StoredOperation update = op(id, null, OperationType.UPDATE, ME);
    assertThat(s().beginOperation(update)).isInstanceOf(Begin.Started.class);
    Begin second = secondView().beginOperation(op(id, null, OperationType.DEPROVISION, OTHER));
    assertThat(second).isInstanceOf(Begin.Busy.class);
    assertThat(((Begin.Busy) second).running().id()).isEqualTo(update.id());
    assertThat(s().claimBinding(binding(id, "b1", "fp"), op(id, "b1", OperationType.BIND, ME)))
        .isInstanceOf(Claim.Blocked.class);
    s().finishOperation(new Finish(update.id(), ME, OperationStatus.SUCCEEDED, null, null, null,
        false, Finish.RowChange.none(), Finish.RowChange.none(), now));
    assertThat(s().beginOperation(op(id, null, OperationType.DEPROVISION, ME)))
        .isInstanceOf(Begin.Started.class);
    assertThat(s().findInstance(id).orElseThrow().status())
        .isEqualTo(InstanceStatus.DEPROVISIONING);
  }

  @Test
  void operationsOnMissingTargetsAreMissing() {
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
  void updateOfAnInstanceStillProvisioningIsBusy() {
    String id = id();
    StoredOperation op = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), op);
    Begin b = s().beginOperation(op(id, null, OperationType.UPDATE, ME));
    assertThat(b).isInstanceOf(Begin.Busy.class);
    assertThat(((Begin.Busy) b).running().id()).isEqualTo(op.id());
  }

  @Test
  void bindingsOfOneInstanceMayRunSideBySideButNotTwiceOnOneBinding() {
    String id = id();
    provisionReady(id);
    StoredOperation b1 = op(id, "b1", OperationType.BIND, ME);
    assertThat(s().claimBinding(binding(id, "b1", "fp"), b1)).isInstanceOf(Claim.Won.class);
    assertThat(s().claimBinding(binding(id, "b2", "fp"), op(id, "b2", OperationType.BIND, ME)))
        .isInstanceOf(Claim.Won.class);
    Claim<StoredBinding> again = secondView().claimBinding(binding(id, "b1", "fp"),
        op(id, "b1", OperationType.BIND, OTHER));
    assertThat(again).isInstanceOf(Claim.Exists.class);
    assertThat(((Claim.Exists<StoredBinding>) again).running().id()).isEqualTo(b1.id());
    assertThat(s().beginOperation(op(id, null, OperationType.DEPROVISION, ME)))
        .isInstanceOf(Begin.Busy.class);
    assertThat(s().findBinding(id, "b1").orElseThrow().status())
        .isEqualTo(BindingStatus.BINDING);
  }

  @Test
  void finishedBindKeepsDetailsAndEncryptedCredentials() {
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
  void unbindMarksTheBindingAndItsSuccessDeletesIt() {
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
    s().acceptOperation(unbind.accepted(null, null, null, null, now.plusSeconds(30)), ME);
    assertThat(s().finishOperation(new Finish(unbind.id(), ME, OperationStatus.SUCCEEDED, null,
        null, null, true, Finish.RowChange.none(), Finish.RowChange.delete(), now))).isTrue();
    assertThat(s().findBinding(id, "b1")).isEmpty();
    assertThat(s().findOperation(id, "b1", null)).get().extracting(StoredOperation::status)
        .isEqualTo(OperationStatus.SUCCEEDED);
    assertThat(s().findOperation(id, null, unbind.id())).isEmpty();
  }

  @Test
  void deprovisionDeletesTheInstanceWithItsBindingsAndKeepsTheAsyncOperation() {
    String id = id();
    provisionReady(id);
    bindReady(id, "b1");
    StoredOperation dep = op(id, null, OperationType.DEPROVISION, ME);
    assertThat(s().beginOperation(dep)).isInstanceOf(Begin.Started.class);
    assertThat(s().acceptOperation(dep.accepted(null, null, null, null, now.plusSeconds(30)),
        ME)).isTrue();
    assertThat(s().finishOperation(new Finish(dep.id(), ME, OperationStatus.SUCCEEDED, null,
        null, null, true, Finish.RowChange.delete(), Finish.RowChange.none(), now))).isTrue();
    assertThat(s().findInstance(id)).isEmpty();
    assertThat(s().findBinding(id, "b1")).isEmpty();
    StoredOperation done = secondView().findOperation(id, null, null).orElseThrow();
    assertThat(done.id()).isEqualTo(dep.id());
    assertThat(done.status()).isEqualTo(OperationStatus.SUCCEEDED);
    assertThat(done.finishedAt()).isEqualTo(now);
    assertThat(s().claimInstance(instance(id, "fp"), op(id, null, OperationType.PROVISION, ME)))
        .isInstanceOf(Claim.Won.class);
  }

  @Test
  void onlyTheOwnerFinishesAnOperationAndOnlyOnce() {
    String id = id();
    StoredOperation op = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), op);
    Finish byOther = new Finish(op.id(), OTHER, OperationStatus.SUCCEEDED, null, null, null,
        true, Finish.RowChange.delete(), Finish.RowChange.none(), now);
    assertThat(secondView().finishOperation(byOther)).isFalse();
    assertThat(s().findInstance(id)).isPresent();
    Finish mine = new Finish(op.id(), ME, OperationStatus.SUCCEEDED, null, null, null, true,
        Finish.RowChange.put(instance(id, "fp").withStatus(InstanceStatus.READY, now)),
        Finish.RowChange.none(), now);
    assertThat(s().finishOperation(mine)).isTrue();
    assertThat(s().finishOperation(mine)).isFalse();
    assertThat(s().acceptOperation(op.accepted(null, null, null, null, now), ME)).isFalse();
  }

  @Test
  void expiredLeasesAreTakenOverOnceAndRenewedLeasesAreNot() {
    String id = id();
    String id2 = id();
    StoredOperation expired = StoredOperation.start("op-" + UUID.randomUUID(), id, null,
        OperationType.PROVISION, "fp", ME, now.minusSeconds(5), "req", null, now);
    s().claimInstance(instance(id, "fp"), expired);
    s().acceptOperation(expired.accepted("create", "{\"size\":1}", null, null,
        now.minusSeconds(5)), ME);
    StoredOperation fresh = op(id2, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id2, "fp"), fresh);
    assertThat(s().renewLeases(ME, now.plusSeconds(60))).isEqualTo(2);
    assertThat(secondView().takeOverExpired(OTHER, now.plusSeconds(30), now.plusSeconds(90), 10))
        .isEmpty();
    List<StoredOperation> taken = secondView().takeOverExpired(OTHER, now.plusSeconds(61),
        now.plusSeconds(120), 10);
    assertThat(taken).extracting(StoredOperation::id)
        .containsExactlyInAnyOrder(expired.id(), fresh.id());
    StoredOperation t = taken.stream().filter(o -> o.id().equals(expired.id())).findFirst()
        .orElseThrow();
    assertThat(t.owner()).isEqualTo(OTHER);
    assertThat(t.attempt()).isEqualTo(2);
    assertThat(t.stepName()).isEqualTo("create");
    assertThat(t.stepArguments()).contains("size");
    assertThat(t.leaseExpiry()).isEqualTo(now.plusSeconds(120));
    assertThat(s().takeOverExpired(ME, now.plusSeconds(61), now.plusSeconds(120), 10)).isEmpty();
    assertThat(s().renewLeases(ME, now.plusSeconds(200))).isZero();
    assertThat(s().finishOperation(new Finish(t.id(), ME, OperationStatus.SUCCEEDED, null, null,
        null, true, Finish.RowChange.none(), Finish.RowChange.none(), now))).isFalse();
  }

  @Test
  void concurrentTakeOversNeverShareAnOperation() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = id();
      StoredOperation op = StoredOperation.start("op-" + UUID.randomUUID(), id, null,
          OperationType.PROVISION, "fp", ME, now.minusSeconds(5), null, null, now);
      s().claimInstance(instance(id, "fp"), op);
      ids.add(op.id());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<StoredOperation>>> fs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        BrokerStore view = i % 2 == 0 ? s() : secondView();
        String owner = "r" + i;
        fs.add(pool.submit(() -> view.takeOverExpired(owner, now, now.plusSeconds(30), 100)));
      }
      List<String> all = new ArrayList<>();
      for (Future<List<StoredOperation>> f : fs) {
        f.get(30, TimeUnit.SECONDS).forEach(o -> all.add(o.id()));
      }
      assertThat(all).containsExactlyInAnyOrderElementsOf(ids);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void providerTrackedOperationsHaveNoOwnerAndAreFinishedByAnyone() {
    String id = id();
    StoredOperation op = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), op);
    assertThat(s().acceptOperation(op.accepted(null, null, "their-op", null, null), ME))
        .isTrue();
    StoredOperation stored = s().findOperation(id, null, op.id()).orElseThrow();
    assertThat(stored.externalOperation()).isEqualTo("their-op");
    assertThat(stored.owner()).isNull();
    assertThat(stored.leaseExpiry()).isNull();
    assertThat(s().takeOverExpired(OTHER, now.plus(Duration.ofDays(1)), now, 10)).isEmpty();
    assertThat(secondView().finishOperation(new Finish(op.id(), null, OperationStatus.SUCCEEDED,
        null, null, null, true, Finish.RowChange.put(instance(id, "fp")
            .withStatus(InstanceStatus.READY, now)), Finish.RowChange.none(), now))).isTrue();
    assertThat(s().findInstance(id).orElseThrow().status()).isEqualTo(InstanceStatus.READY);
  }

  @Test
  void enabledFlagIsStoredOnTheInstance() {
    String id = id();
    assertThat(s().setEnabled(id, false, now)).isEmpty();
    provisionReady(id);
    Instant later = now.plusSeconds(3);
    assertThat(s().setEnabled(id, false, later)).get().extracting(StoredInstance::enabled)
        .isEqualTo(false);
    StoredInstance i = secondView().findInstance(id).orElseThrow();
    assertThat(i.enabled()).isFalse();
    assertThat(i.enabledChangedAt()).isEqualTo(later);
  }

  @Test
  void finishThatPutsTheInstanceKeepsAnEnabledStateSetWhileItRan() {
    String id = id();
    provisionReady(id);
    StoredOperation update = op(id, null, OperationType.UPDATE, ME);
    StoredInstance before = ((Begin.Started) s().beginOperation(update)).instance();
    Instant later = now.plusSeconds(3);
    secondView().setEnabled(id, false, later);
    assertThat(s().finishOperation(new Finish(update.id(), ME, OperationStatus.SUCCEEDED, null,
        null, null, false, Finish.RowChange.put(before.withStatus(InstanceStatus.READY,
            later.plusSeconds(1))), Finish.RowChange.none(), later.plusSeconds(1)))).isTrue();
    StoredInstance after = secondView().findInstance(id).orElseThrow();
    assertThat(after.enabled()).isFalse();
    assertThat(after.enabledChangedAt()).isEqualTo(later);
    assertThat(after.updatedAt()).isEqualTo(later.plusSeconds(1));
  }

  @Test
  void finishThatPutsTheBindingKeepsCredentialsReplacedWhileItRan() {
    String id = id();
    provisionReady(id);
    bindReady(id, "b1", "under-old-key");
    StoredOperation unbind = op(id, "b1", OperationType.UNBIND, ME);
    StoredBinding before = ((Begin.Started) s().beginOperation(unbind)).binding();
    assertThat(secondView().replaceCredentials(id, "b1", "under-old-key", "under-new-key"))
        .isTrue();
    // the unbind failed: the binding is restored as it was read
    assertThat(s().finishOperation(new Finish(unbind.id(), ME, OperationStatus.FAILED, "no",
        null, null, false, Finish.RowChange.none(), Finish.RowChange.put(before), now)))
        .isTrue();
    StoredBinding after = secondView().findBinding(id, "b1").orElseThrow();
    assertThat(after.status()).isEqualTo(BindingStatus.READY);
    assertThat(after.credentials()).isEqualTo("under-new-key");
  }

  @Test
  void purgeDeletesFinishedOperationsOnly() {
    String id = id();
    provisionReady(id);
    StoredOperation up = op(id, null, OperationType.UPDATE, ME);
    s().beginOperation(up);
    s().acceptOperation(up.accepted(null, null, null, null, now.plusSeconds(30)), ME);
    s().finishOperation(new Finish(up.id(), ME, OperationStatus.SUCCEEDED, null, null, null,
        true, Finish.RowChange.none(), Finish.RowChange.none(), now));
    StoredOperation running = op(id, null, OperationType.UPDATE, ME);
    s().beginOperation(running);
    assertThat(s().purgeOperations(now.plusSeconds(1))).isEqualTo(1);
    assertThat(s().findOperation(id, null, up.id())).isEmpty();
    assertThat(s().findOperation(id, null, running.id())).isPresent();
  }

  @Test
  void deletingASynchronousOperationUncoversTheAsynchronousOneBefore() {
    String id = id();
    StoredOperation prov = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), prov);
    s().acceptOperation(prov.accepted(null, null, null, null, now.plusSeconds(30)), ME);
    s().finishOperation(new Finish(prov.id(), ME, OperationStatus.SUCCEEDED, null, null, null,
        true, Finish.RowChange.put(instance(id, "fp").withStatus(InstanceStatus.READY, now)),
        Finish.RowChange.none(), now));
    StoredOperation update = StoredOperation.start("op-" + UUID.randomUUID(), id, null,
        OperationType.UPDATE, "fp", ME, now.plusSeconds(30), "req", null, now.plusSeconds(1));
    s().beginOperation(update);
    assertThat(s().findOperation(id, null, null)).get().extracting(StoredOperation::id)
        .isEqualTo(update.id());
    s().finishOperation(new Finish(update.id(), ME, OperationStatus.SUCCEEDED, null, null, null,
        false, Finish.RowChange.none(), Finish.RowChange.none(), now.plusSeconds(1)));
    assertThat(s().findOperation(id, null, null)).get().extracting(StoredOperation::id)
        .isEqualTo(prov.id());
  }

  @Test
  void idsAreKeptVerbatim() {
    String id = "crn:v1:bluemix:public:svc:us-south:a/acc:" + UUID.randomUUID()
        + "::/with%2Fslash\u00e9'\"";
    provisionReady(id);
    assertThat(s().findInstance(id)).isPresent();
    bindReady(id, "b/\u00e9'");
    assertThat(s().findBinding(id, "b/\u00e9'")).isPresent();
  }

  @Test
  void bindingsWithCredentialsWalksEveryStoredValueOnceInPages() {
    List<String> ids = List.of(id(), id(), id());
    Set<String> expected = new HashSet<>();
    for (String id : ids) {
      provisionReady(id);
      for (String b : List.of("b2", "b1", "b3")) {
        bindReady(id, b, "secret-of-" + id + "/" + b);
        expected.add(id + "/" + b);
      }
      // a bind still running has no credentials yet: not part of the walk
      assertThat(s().claimBinding(binding(id, "b0", "fp"), op(id, "b0", OperationType.BIND, ME)))
          .isInstanceOf(Claim.Won.class);
    }
    List<String> seen = new ArrayList<>();
    String afterInstance = null;
    String afterBinding = null;
    int pages = 0;
    while (true) {
      List<StoredBinding> page = secondView().bindingsWithCredentials(afterInstance,
          afterBinding, 2);
      assertThat(page).hasSizeLessThanOrEqualTo(2);
      if (page.isEmpty()) {
        break;
      }
      for (StoredBinding b : page) {
        assertThat(b.credentials()).isNotNull();
        if (ids.contains(b.instanceId())) {
          assertThat(b.credentials())
              .isEqualTo("secret-of-" + b.instanceId() + "/" + b.bindingId());
          seen.add(b.instanceId() + "/" + b.bindingId());
        }
      }
      afterInstance = page.get(page.size() - 1).instanceId();
      afterBinding = page.get(page.size() - 1).bindingId();
      assertThat(++pages).as("the walk ends").isLessThan(10_000);
    }
    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void replaceCredentialsIsACompareAndSet() {
    String id = id();
    provisionReady(id);
    bindReady(id, "b1", "under-old-key");
    assertThat(secondView().replaceCredentials(id, "b1", "something-else", "under-new-key"))
        .isFalse();
    assertThat(s().findBinding(id, "b1").orElseThrow().credentials()).isEqualTo("under-old-key");
    assertThat(secondView().replaceCredentials(id, "b1", "under-old-key", "under-new-key"))
        .isTrue();
    StoredBinding b = s().findBinding(id, "b1").orElseThrow();
    assertThat(b.credentials()).isEqualTo("under-new-key");
    assertThat(b.status()).isEqualTo(BindingStatus.READY);
    assertThat(b.details()).contains("syslog_drain_url");
    assertThat(s().replaceCredentials(id, "b1", "under-old-key", "again")).isFalse();
    assertThat(s().replaceCredentials(id, "missing", "under-new-key", "x")).isFalse();
    assertThat(s().replaceCredentials(id(), "b1", "under-new-key", "x")).isFalse();
  }

  @Test
  void checkAnswers() {
    s().check();
  }
}

package io.github.osbsdk.broker.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.OperationType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The store rules for leases: renewals by the owner, take-overs of expired leases (once,
 * never shared) and operations the provider tracks, which have no lease.
 * Part of {@link BrokerStoreContract}.
 */
public interface LeaseContract extends StoreContractFixture {
  @Test
  default void expiredLeasesAreTakenOverOnceAndRenewedLeasesAreNot() {
    String id = id();
    String id2 = id();
    StoredOperation expired = StoredOperation.start("op-" + UUID.randomUUID(), id, null,
        OperationType.PROVISION, "fp", ME, now().minusSeconds(5), "req", null, now());
    s().claimInstance(instance(id, "fp"), expired);
    s().acceptOperation(expired.accepted("create", "{\"size\":1}", null, null,
        now().minusSeconds(5)), ME);
    StoredOperation fresh = op(id2, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id2, "fp"), fresh);
    assertThat(s().renewLeases(ME, now().plusSeconds(60))).isEqualTo(2);
    assertThat(secondReplica().takeOverExpired(OTHER, now().plusSeconds(30),
        now().plusSeconds(90), 10)).isEmpty();
    List<StoredOperation> taken = secondReplica().takeOverExpired(OTHER, now().plusSeconds(61),
        now().plusSeconds(120), 10);
    assertThat(taken).extracting(StoredOperation::id)
        .containsExactlyInAnyOrder(expired.id(), fresh.id());
    StoredOperation t = taken.stream().filter(o -> o.id().equals(expired.id())).findFirst()
        .orElseThrow();
    assertThat(t.owner()).isEqualTo(OTHER);
    assertThat(t.attempt()).isEqualTo(2);
    assertThat(t.stepName()).isEqualTo("create");
    assertThat(t.stepArguments()).contains("size");
    assertThat(t.leaseExpiry()).isEqualTo(now().plusSeconds(120));
    assertThat(s().takeOverExpired(ME, now().plusSeconds(61), now().plusSeconds(120), 10))
        .isEmpty();
    assertThat(s().renewLeases(ME, now().plusSeconds(200))).isZero();
    assertThat(s().finishOperation(new Finish(t.id(), ME, t.attempt(),
        OperationStatus.SUCCEEDED, null, null,
        null, true, Finish.RowChange.none(), Finish.RowChange.none(), now()))).isFalse();
  }

  @Test
  default void leasedOperationsAreTheOwnersAndOnlyTheNamedOnesAreTakenOverAgain() {
    String id = id();
    String id2 = id();
    String id3 = id();
    StoredOperation named = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), named);
    StoredOperation unnamed = op(id2, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id2, "fp"), unnamed);
    StoredOperation others = op(id3, null, OperationType.PROVISION, OTHER);
    s().claimInstance(instance(id3, "fp"), others);
    assertThat(s().leasedOperations(ME)).hasValueSatisfying(ids -> assertThat(ids)
        .containsExactlyInAnyOrder(named.id(), unnamed.id()));

    List<StoredOperation> taken = secondReplica().takeOverHeld(ME,
        Set.of(named.id(), others.id()), now().plusSeconds(90));
    assertThat(taken).extracting(StoredOperation::id).containsExactly(named.id());
    assertThat(taken.get(0).owner()).isEqualTo(ME);
    assertThat(taken.get(0).attempt()).isEqualTo(named.attempt() + 1);
    assertThat(taken.get(0).leaseExpiry()).isEqualTo(now().plusSeconds(90));
    assertThat(s().findOperation(id2, null, unnamed.id()).orElseThrow().attempt())
        .isEqualTo(unnamed.attempt());
    assertThat(s().findOperation(id3, null, others.id()).orElseThrow().attempt())
        .isEqualTo(others.attempt());
    assertThat(s().finishOperation(Finish.of(named, OperationStatus.FAILED, null, null, null,
        true, Finish.RowChange.none(), Finish.RowChange.none(), now())))
        .as("a finish of the attempt before").isFalse();
  }

  @Test
  default void leasesGivenUpExceptTheKeptOnesAreTakenOverAtOnce() {
    String id = id();
    String id2 = id();
    String id3 = id();
    StoredOperation given = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), given);
    StoredOperation kept = op(id2, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id2, "fp"), kept);
    StoredOperation others = op(id3, null, OperationType.PROVISION, OTHER);
    s().claimInstance(instance(id3, "fp"), others);
    assertThat(s().renewLeases(ME, now().plusSeconds(60))).isEqualTo(2);
    assertThat(secondReplica().renewLeases(OTHER, now().plusSeconds(60))).isEqualTo(1);

    assertThat(s().renewLeasesExcept(ME, Set.of(kept.id()), now().minusSeconds(1)))
        .isEqualTo(1);

    assertThat(secondReplica().takeOverExpired(OTHER, now(), now().plusSeconds(90), 10))
        .extracting(StoredOperation::id).containsExactly(given.id());
    assertThat(secondReplica().takeOverExpired(OTHER, now().plusSeconds(61),
        now().plusSeconds(120), 10)).extracting(StoredOperation::id)
        .containsExactlyInAnyOrder(kept.id(), others.id());
  }

  @Test
  default void leasesSetOneByOneAreTakenOverEachAtItsOwnExpiry() {
    String id = id();
    String id2 = id();
    String id3 = id();
    String id4 = id();
    StoredOperation soon = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), soon);
    StoredOperation later = op(id2, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id2, "fp"), later);
    StoredOperation unnamed = op(id3, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id3, "fp"), unnamed);
    StoredOperation others = op(id4, null, OperationType.PROVISION, OTHER);
    s().claimInstance(instance(id4, "fp"), others);
    assertThat(s().renewLeases(ME, now().plusSeconds(60))).isEqualTo(3);
    assertThat(secondReplica().renewLeases(OTHER, now().plusSeconds(60))).isEqualTo(1);

    assertThat(s().setLeases(ME, Map.of(soon.id(), now().plusSeconds(90), later.id(),
        now().plusSeconds(300), others.id(), now().minusSeconds(1)))).isEqualTo(2);

    assertThat(secondReplica().takeOverExpired(OTHER, now().plusSeconds(61),
        now().plusSeconds(1000), 10)).extracting(StoredOperation::id)
        .containsExactlyInAnyOrder(unnamed.id(), others.id());
    assertThat(secondReplica().takeOverExpired(OTHER, now().plusSeconds(91),
        now().plusSeconds(1000), 10)).extracting(StoredOperation::id)
        .containsExactly(soon.id());
    assertThat(secondReplica().takeOverExpired(OTHER, now().plusSeconds(301),
        now().plusSeconds(1000), 10)).extracting(StoredOperation::id)
        .containsExactly(later.id());
    assertThat(s().setLeases(ME, Map.of())).isZero();
  }

  @Test
  default void concurrentTakeOversNeverShareAnOperation() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = id();
      StoredOperation op = StoredOperation.start("op-" + UUID.randomUUID(), id, null,
          OperationType.PROVISION, "fp", ME, now().minusSeconds(5), null, null, now());
      s().claimInstance(instance(id, "fp"), op);
      ids.add(op.id());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<StoredOperation>>> fs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        BrokerStore view = i % 2 == 0 ? s() : secondReplica();
        String owner = "r" + i;
        fs.add(pool.submit(() -> view.takeOverExpired(owner, now(), now().plusSeconds(30), 100)));
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
  default void providerTrackedOperationsHaveNoOwnerAndAreFinishedByAnyone() {
    String id = id();
    StoredOperation op = op(id, null, OperationType.PROVISION, ME);
    s().claimInstance(instance(id, "fp"), op);
    assertThat(s().acceptOperation(op.accepted(null, null, "their-op", null, null), ME))
        .isTrue();
    StoredOperation stored = s().findOperation(id, null, op.id()).orElseThrow();
    assertThat(stored.externalOperation()).isEqualTo("their-op");
    assertThat(stored.owner()).isNull();
    assertThat(stored.leaseExpiry()).isNull();
    assertThat(s().takeOverExpired(OTHER, now().plus(Duration.ofDays(1)), now(), 10)).isEmpty();
    assertThat(secondReplica().finishOperation(new Finish(op.id(), null, op.attempt(),
        OperationStatus.SUCCEEDED, null, null, null, true, Finish.RowChange.put(instance(id, "fp")
            .withStatus(InstanceStatus.READY, now())), Finish.RowChange.none(), now()))).isTrue();
    assertThat(s().findInstance(id).orElseThrow().status()).isEqualTo(InstanceStatus.READY);
  }

  @Test
  default void finishOfAnEarlierAttemptByTheSameOwnerChangesNothing() {
    String id = id();
    StoredOperation first = expiredProvision(id);
    StoredOperation second = takenOverByMe(first);
    StoredInstance ready = instance(id, "fp").withStatus(InstanceStatus.READY, now());
    // every shape of finish: undo (drop, delete), synchronous success (drop, put), async (keep)
    List<Finish> ofAttempt1 = List.of(
        Finish.of(first, OperationStatus.FAILED, "undone", null, null, false,
            Finish.RowChange.delete(), Finish.RowChange.none(), now()),
        Finish.of(first, OperationStatus.SUCCEEDED, null, null, null, false,
            Finish.RowChange.put(ready), Finish.RowChange.none(), now()),
        Finish.of(first, OperationStatus.FAILED, "failed", null, null, true,
            Finish.RowChange.put(instance(id, "fp").withStatus(InstanceStatus.PROVISION_FAILED,
                now())), Finish.RowChange.none(), now()));
    for (Finish stale : ofAttempt1) {
      assertThat(stale.attempt()).isEqualTo(1);
      assertThat(secondReplica().finishOperation(stale)).as("%s", stale).isFalse();
    }
    StoredOperation stored = s().findOperation(id, null, first.id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(OperationStatus.IN_PROGRESS);
    assertThat(stored.owner()).isEqualTo(ME);
    assertThat(stored.attempt()).isEqualTo(2);
    assertThat(s().findInstance(id)).get().extracting(StoredInstance::status)
        .isEqualTo(InstanceStatus.PROVISIONING);
    assertThat(s().runningOperation(id)).get().extracting(StoredOperation::id)
        .isEqualTo(first.id());

    assertThat(s().finishOperation(Finish.of(second, OperationStatus.SUCCEEDED, null,
        null, null, true, Finish.RowChange.put(ready), Finish.RowChange.none(), now())))
        .isTrue();
    assertThat(s().findOperation(id, null, first.id())).get()
        .extracting(StoredOperation::status).isEqualTo(OperationStatus.SUCCEEDED);
    assertThat(s().findInstance(id)).get().extracting(StoredInstance::status)
        .isEqualTo(InstanceStatus.READY);
    assertThat(s().runningOperation(id)).isEmpty();
  }

  @Test
  default void acceptOfAnEarlierAttemptByTheSameOwnerChangesNothing() {
    String id = id();
    StoredOperation first = expiredProvision(id);
    StoredOperation second = takenOverByMe(first);
    StoredOperation before = s().findOperation(id, null, first.id()).orElseThrow();
    // a late acceptance of attempt 1: a step, and a provider-tracked answer (drops the owner)
    List<StoredOperation> ofAttempt1 = List.of(
        first.accepted("create", "{\"size\":1}", null, "{\"p\":1}", now().plusSeconds(60)),
        first.accepted(null, null, "their-op", null, null));
    for (StoredOperation stale : ofAttempt1) {
      assertThat(stale.attempt()).isEqualTo(1);
      assertThat(secondReplica().acceptOperation(stale, ME)).as("%s", stale).isFalse();
    }
    StoredOperation stored = s().findOperation(id, null, first.id()).orElseThrow();
    assertThat(stored).usingRecursiveComparison().isEqualTo(before);
    assertThat(stored.async()).isFalse();
    assertThat(stored.owner()).isEqualTo(ME);
    assertThat(stored.attempt()).isEqualTo(2);
    assertThat(stored.externalOperation()).isNull();

    assertThat(s().acceptOperation(second.accepted("create", "{\"size\":2}", null, null,
        now().plusSeconds(60)), ME)).isTrue();
    StoredOperation accepted = s().findOperation(id, null, first.id()).orElseThrow();
    assertThat(accepted.async()).isTrue();
    assertThat(accepted.owner()).isEqualTo(ME);
    assertThat(accepted.attempt()).isEqualTo(2);
    assertThat(accepted.stepArguments()).contains("2");
    assertThat(accepted.status()).isEqualTo(OperationStatus.IN_PROGRESS);
  }

  /** A provision of {@code id} claimed by this replica, its lease already expired. */
  private StoredOperation expiredProvision(String id) {
    StoredOperation op = StoredOperation.start("op-" + UUID.randomUUID(), id, null,
        OperationType.PROVISION, "fp", ME, now().minusSeconds(5), "req", null, now());
    assertThat(s().claimInstance(instance(id, "fp"), op)).isInstanceOf(Claim.Won.class);
    return op;
  }

  /** The same replica takes its own expired operation over: attempt 2 of {@code first}. */
  private StoredOperation takenOverByMe(StoredOperation first) {
    List<StoredOperation> taken = s().takeOverExpired(ME, now(), now().plusSeconds(30), 10);
    assertThat(taken).singleElement().satisfies(t -> {
      assertThat(t.id()).isEqualTo(first.id());
      assertThat(t.owner()).isEqualTo(ME);
      assertThat(t.attempt()).isEqualTo(2);
    });
    return taken.get(0);
  }
}

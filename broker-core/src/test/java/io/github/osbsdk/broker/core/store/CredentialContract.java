package io.github.osbsdk.broker.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.OperationType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The store rules for stored binding credentials: walking them in pages, replacing one value
 * as a compare-and-set (key rotation) and finding the newest (the key check at a start).
 * Part of {@link BrokerStoreContract}.
 */
public interface CredentialContract extends StoreContractFixture {
  @Test
  default void bindingsWithCredentialsWalksEveryStoredValueOnceInPages() {
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
      List<StoredBinding> page = secondReplica().bindingsWithCredentials(afterInstance,
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
  default void replaceCredentialsIsACompareAndSet() {
    String id = id();
    provisionReady(id);
    bindReady(id, "b1", "under-old-key");
    assertThat(secondReplica().replaceCredentials(id, "b1", "something-else", "under-new-key"))
        .isFalse();
    assertThat(s().findBinding(id, "b1").orElseThrow().credentials()).isEqualTo("under-old-key");
    assertThat(secondReplica().replaceCredentials(id, "b1", "under-old-key", "under-new-key"))
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
  default void newestBindingWithCredentialsIsTheOneCreatedLast() {
    String id = id();
    provisionReady(id);
    assertThat(secondReplica().newestBindingWithCredentials()).isEmpty();
    bindReadyAt(id, "b-newer", "newer-value", now().plusSeconds(2));
    bindReadyAt(id, "b-older", "older-value", now().plusSeconds(1));
    // created later, but still binding: no credentials yet
    StoredBinding running = new StoredBinding(id, "b-running", "svc", "plan", "fp", null, null,
        null, null, null, null, BindingStatus.BINDING, now().plusSeconds(3));
    assertThat(s().claimBinding(running, op(id, "b-running", OperationType.BIND, ME)))
        .isInstanceOf(Claim.Won.class);
    StoredBinding newest = secondReplica().newestBindingWithCredentials().orElseThrow();
    assertThat(newest.bindingId()).isEqualTo("b-newer");
    assertThat(newest.instanceId()).isEqualTo(id);
    assertThat(newest.credentials()).isEqualTo("newer-value");
  }

  @Test
  default void anAsynchronousBindsFinishStoresWhatItDeliveredWithItsSuccessAndOnlyThen() {
    String id = id();
    provisionReady(id);
    StoredBinding row = binding(id, "b1", "fp");
    StoredOperation op = op(id, "b1", OperationType.BIND, ME);
    assertThat(s().claimBinding(row, op)).isInstanceOf(Claim.Won.class);
    StoredOperation accepted = op.accepted(null, null, null, null, now().plusSeconds(30));
    assertThat(s().acceptOperation(accepted, ME)).isTrue();
    StoredBinding ready = row.withStatus(BindingStatus.READY)
        .withResult("{\"endpoints\":[]}", "encrypted-secret");
    // a finish of another owner (the operation taken over meanwhile) stores nothing
    assertThat(s().finishOperation(new Finish(op.id(), OTHER, op.attempt(),
        OperationStatus.SUCCEEDED, null, null, null, true, Finish.RowChange.none(),
        Finish.RowChange.put(ready), now()))).isFalse();
    assertThat(secondReplica().findBinding(id, "b1").orElseThrow().credentials()).isNull();
    assertThat(s().finishOperation(new Finish(op.id(), ME, op.attempt(),
        OperationStatus.SUCCEEDED, null, null, null, true, Finish.RowChange.none(),
        Finish.RowChange.put(ready), now()))).isTrue();
    StoredBinding stored = secondReplica().findBinding(id, "b1").orElseThrow();
    assertThat(stored.status()).isEqualTo(BindingStatus.READY);
    assertThat(stored.credentials()).isEqualTo("encrypted-secret");
    assertThat(stored.details()).contains("endpoints");
    assertThat(secondReplica().findOperation(id, "b1", op.id()).orElseThrow().status())
        .isEqualTo(OperationStatus.SUCCEEDED);
  }

  /** Binds synchronously with a creation time of its own. */
  private void bindReadyAt(String id, String bindingId, String credentials,
      java.time.Instant createdAt) {
    StoredBinding row = new StoredBinding(id, bindingId, "svc", "plan", "fp", null, null, null,
        null, null, null, BindingStatus.BINDING, createdAt);
    StoredOperation op = op(id, bindingId, OperationType.BIND, ME);
    assertThat(s().claimBinding(row, op)).isInstanceOf(Claim.Won.class);
    assertThat(s().finishOperation(new Finish(op.id(), ME, op.attempt(),
        OperationStatus.SUCCEEDED, null, null, null, false, Finish.RowChange.none(),
        Finish.RowChange.put(
            row.withStatus(BindingStatus.READY).withResult(null, credentials)), now()))).isTrue();
  }
}

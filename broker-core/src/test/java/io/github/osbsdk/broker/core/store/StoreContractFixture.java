package io.github.osbsdk.broker.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.OperationType;
import java.time.Instant;
import java.util.UUID;

/**
 * What the topic contracts of {@link BrokerStoreContract} share: the store under test, another
 * replica's view of it, the test's time and the rows the tests put in the store.
 */
public interface StoreContractFixture {
  /** The replica ids the tests use. */
  String ME = "replica-a";
  /** Another replica. */
  String OTHER = "replica-b";

  /**
   * The store under test, empty at the start of each test.
   *
   * @return the store
   */
  BrokerStore s();

  /**
   * A second handle on the same data (a second replica), or the store itself.
   *
   * @return the store seen by another replica
   */
  BrokerStore secondReplica();

  /**
   * The test's time, in whole milliseconds (as every store keeps it).
   *
   * @return the time
   */
  Instant now();

  /**
   * A new instance row.
   *
   * @param id the id
   * @param fingerprint the fingerprint
   * @return the row
   */
  default StoredInstance instance(String id, String fingerprint) {
    return new StoredInstance(id, "svc", "plan", fingerprint, "{\"a\":1}", "{\"platform\":\"x\"}",
        "org", "space", "1.0", null, null, InstanceStatus.PROVISIONING, true, now(), now(),
        now());
  }

  /**
   * A new binding row.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id
   * @param fingerprint the fingerprint
   * @return the row
   */
  default StoredBinding binding(String instanceId, String bindingId, String fingerprint) {
    return new StoredBinding(instanceId, bindingId, "svc", "plan", fingerprint, null, null,
        "{\"app_guid\":\"app\"}", "app", null, null, BindingStatus.BINDING, now());
  }

  /**
   * A new running operation with a lease of 30 s.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id, or null for an instance operation
   * @param type the type
   * @param owner the replica that runs it
   * @return the operation
   */
  default StoredOperation op(String instanceId, String bindingId, OperationType type,
      String owner) {
    return StoredOperation.start(UUID.randomUUID().toString(), instanceId, bindingId, type, "fp",
        owner, now().plusSeconds(30), "req", null, now());
  }

  /**
   * A new instance id.
   *
   * @return the id
   */
  default String id() {
    return "inst-" + UUID.randomUUID();
  }

  /**
   * Provisions an instance synchronously, so it is ready.
   *
   * @param id the instance id
   */
  default void provisionReady(String id) {
    StoredOperation op = op(id, null, OperationType.PROVISION, ME);
    assertThat(s().claimInstance(instance(id, "fp"), op)).isInstanceOf(Claim.Won.class);
    assertThat(s().finishOperation(new Finish(op.id(), ME, op.attempt(),
        OperationStatus.SUCCEEDED, null, null, null, false, Finish.RowChange.put(instance(id, "fp")
            .withStatus(InstanceStatus.READY, now())), Finish.RowChange.none(), now())))
        .isTrue();
  }

  /**
   * Binds synchronously, so the binding is ready, with credentials {@code ciphertext}.
   *
   * @param id the instance id
   * @param bindingId the binding id
   */
  default void bindReady(String id, String bindingId) {
    bindReady(id, bindingId, "ciphertext");
  }

  /**
   * Binds synchronously, so the binding is ready.
   *
   * @param id the instance id
   * @param bindingId the binding id
   * @param credentials the stored credentials
   */
  default void bindReady(String id, String bindingId, String credentials) {
    StoredOperation op = op(id, bindingId, OperationType.BIND, ME);
    assertThat(s().claimBinding(binding(id, bindingId, "fp"), op)).isInstanceOf(Claim.Won.class);
    assertThat(s().finishOperation(new Finish(op.id(), ME, op.attempt(),
        OperationStatus.SUCCEEDED, null, null,
        null, false, Finish.RowChange.none(), Finish.RowChange.put(
            binding(id, bindingId, "fp").withStatus(BindingStatus.READY)
                .withResult("{\"syslog_drain_url\":\"x\"}", credentials)), now()))).isTrue();
  }
}

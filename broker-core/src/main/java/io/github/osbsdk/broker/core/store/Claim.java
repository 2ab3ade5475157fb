package io.github.osbsdk.broker.core.store;

/**
 * The outcome of claiming an id for a provision or a bind: exactly one caller wins an id.
 *
 * @param <T> {@link StoredInstance} or {@link StoredBinding}
 */
public sealed interface Claim<T> {
  /**
   * The caller won: the row and the operation were inserted. A claim that replaced a failed row
   * (an instance {@link InstanceStatus#PROVISION_FAILED} or a binding
   * {@link BindingStatus#BIND_FAILED}, see {@link BrokerStore#claimInstance} and
   * {@link BrokerStore#claimBinding}) reports that row as it was just before, read in the
   * claim's own atomic step: the SDK puts it back when it withdraws or refuses the create after
   * all, so that the platform's deprovision or unbind still reaches the provider.
   *
   * @param <T> the row type
   * @param replaced the failed row the claim replaced, or null when the id was free
   */
  record Won<T>(T replaced) implements Claim<T> {
    /** A claim of a free id: nothing was replaced. */
    public Won() {
      this(null);
    }
  }

  /**
   * The id is taken. The SDK compares fingerprints: identical gives 200 (or 202 with the running
   * operation), different gives 409.
   *
   * @param <T> the row type
   * @param existing the row as stored
   * @param running the operation in progress on it, or null
   */
  record Exists<T>(T existing, StoredOperation running) implements Claim<T> {}

  /**
   * (Binds only) the instance is not ready for a bind: it does not exist, or it is being
   * provisioned, updated or deprovisioned.
   *
   * @param <T> the row type
   * @param instance the instance, or null when it does not exist
   * @param running the instance operation in progress, or null
   */
  record Blocked<T>(StoredInstance instance, StoredOperation running) implements Claim<T> {}
}

package io.github.osbsdk.broker.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the SDK keeps service instances, bindings and operations, shared by every replica of one
 * broker. Each method is atomic: it either happens completely or not at all, and concurrent calls
 * from any number of replicas never break these rules:
 *
 * <ul>
 *   <li>an instance id, and a binding id within its instance, is claimed by exactly one caller;
 *   <li>at most one <em>instance operation</em> (provision, update, deprovision) is in progress
 *       per instance, and none while a binding operation of the instance is in progress;
 *   <li>at most one <em>binding operation</em> (bind, unbind) is in progress per binding, and
 *       none while an instance operation of its instance is in progress; binding operations of
 *       different bindings of one instance may run side by side.
 * </ul>
 *
 * <p>A store that cannot reach its database, or does not get an answer within its timeout,
 * throws {@link StoreUnavailableException} and applies nothing. Implementations must be
 * thread-safe. {@link InMemoryBrokerStore} is the single-process default; the
 * {@code broker-store-jdbc} module keeps the same on PostgreSQL.
 *
 * <h2>A service-provider interface</h2>
 * The SDK's own stores implement it and the SDK calls it; an application chooses a store and hands
 * it to {@link io.github.osbsdk.broker.core.Broker.Builder#store}, it does not call it. Another
 * implementation must pass the shared contract suite {@code BrokerStoreContract}, shipped in
 * broker-core's test jar ({@code io.github.osbsdk:broker-core} with
 * {@code <type>test-jar</type>}, test scope, next to JUnit 5 and AssertJ): extend it and return
 * a fresh, empty store from {@code store()}; broker-store-jdbc's PostgreSQL store runs it so.
 * Minor releases may add methods to this interface, components to its records
 * ({@link StoredOperation} and the others) and cases to its sealed types ({@link Claim},
 * {@link Begin}, {@link Finish.RowChange}): an implementation outside the SDK is updated with
 * each minor release, and the contract suite of that release tells what changed.
 */
public interface BrokerStore {
  /**
   * Reads an instance.
   *
   * @param instanceId the instance id
   * @return the instance, or empty
   */
  Optional<StoredInstance> findInstance(String instanceId);

  /**
   * Reads a binding.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id
   * @return the binding, or empty
   */
  Optional<StoredBinding> findBinding(String instanceId, String bindingId);

  /**
   * Reads an operation.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id, or null for the instance's own operations
   * @param operationId the operation id, or null for the latest operation of the instance
   *     (binding): the one begun last, whatever start times the clocks gave them
   * @return the operation, or empty
   */
  Optional<StoredOperation> findOperation(String instanceId, String bindingId,
      String operationId);

  /**
   * Reads the operation in progress on an instance: its instance operation, else any of its
   * binding operations.
   *
   * @param instanceId the instance id
   * @return the operation, or empty
   */
  Optional<StoredOperation> runningOperation(String instanceId);

  /**
   * Claims an instance id for a provision: inserts the instance (status
   * {@link InstanceStatus#PROVISIONING}) and the operation when no instance has the id, or when
   * the instance with the id is {@link InstanceStatus#PROVISION_FAILED}, has no operation in
   * progress and has the same fingerprint (the row is then replaced).
   *
   * <p>Replacing a {@link InstanceStatus#PROVISION_FAILED} instance is reported, atomically with
   * the claim: {@link Claim.Won#replaced()} is that instance as it was, read under the same lock
   * (or in the same transaction, holding the row) as the replacement, so no other caller changes
   * it in between; a claim of a free id reports null. The row written in its place must be
   * {@code instance.replacing(replaced)} ({@link StoredInstance#replacing}: the failed
   * instance's dashboard URL, metadata and creation time), in the same lock or transaction, so
   * that the failed row put back after the retry (by whichever replica, also when the claim's
   * answer was lost) still has what the earlier provider call returned;
   * {@code BrokerStoreContract} checks it. A store that writes {@code instance} as given loses
   * them wherever the SDK rebuilds the failed row from the stored claim alone: when a
   * synchronous retry's replica stops during the provider call, or the store refuses that
   * retry's result or loses its claim's answer, among others (the SDK keeps them itself where
   * it holds what the claim reported, and for an asynchronous retry's success or failure, which
   * its operation's payload records). The operation's
   * {@link StoredOperation#payload() payload} is stored only when the claim replaces such an
   * instance (the SDK writes there what to restore should the claim be withdrawn after an answer
   * lost to an outage); a claim of a free id stores the operation without it.
   *
   * @param instance the instance to insert
   * @param operation its provision operation
   * @return {@link Claim.Won} (with the instance replaced, if any), or {@link Claim.Exists} with
   *     the stored instance and its running operation
   */
  Claim<StoredInstance> claimInstance(StoredInstance instance, StoredOperation operation);

  /**
   * Claims a binding id for a bind: inserts the binding (status {@link BindingStatus#BINDING})
   * and the operation when the instance is {@link InstanceStatus#READY} with no instance
   * operation in progress, and no binding has the id (or the binding with the id is
   * {@link BindingStatus#BIND_FAILED}, has no operation in progress and has the same fingerprint).
   *
   * <p>Replacing a {@link BindingStatus#BIND_FAILED} binding is reported, atomically with the
   * claim: {@link Claim.Won#replaced()} is that binding as it was, read under the same lock (or
   * in the same transaction, holding the row) as the replacement, so no other caller changes it
   * in between; a claim of a free id reports null. The row written in its place must be
   * {@code binding.replacing(replaced)} ({@link StoredBinding#replacing}: the failed binding's
   * creation time), in the same lock or transaction; {@code BrokerStoreContract} checks it. A
   * store that writes {@code binding} as given loses that time wherever the SDK rebuilds the
   * failed binding from the stored claim alone: when a synchronous retry's replica stops during
   * the provider call, or the store refuses that retry's result or loses its claim's answer,
   * among others (the SDK keeps it itself where it holds what the claim reported, and for an
   * asynchronous retry's success or failure, which its operation's payload records). The
   * operation's
   * {@link StoredOperation#payload() payload} is stored only when the claim replaces such a
   * binding (the SDK writes there what to restore should the claim be withdrawn after an answer
   * lost to an outage); a claim of a free id stores the operation without it.
   *
   * @param binding the binding to insert
   * @param operation its bind operation
   * @return {@link Claim.Won} (with the binding replaced, if any); {@link Claim.Exists} with the
   *     stored binding and its running operation; or {@link Claim.Blocked} when the instance is
   *     missing, not ready or busy
   */
  Claim<StoredBinding> claimBinding(StoredBinding binding, StoredOperation operation);

  /**
   * Starts an update, a deprovision or an unbind: inserts the operation when its target exists
   * and nothing blocks it. A deprovision marks the instance {@link InstanceStatus#DEPROVISIONING}
   * (allowed from {@link InstanceStatus#READY} and {@link InstanceStatus#PROVISION_FAILED}); an
   * unbind marks the binding {@link BindingStatus#UNBINDING} (allowed from
   * {@link BindingStatus#READY} and {@link BindingStatus#BIND_FAILED}); an update needs a
   * {@link InstanceStatus#READY} instance.
   *
   * @param operation the operation
   * @return {@link Begin.Started}, {@link Begin.Missing} or {@link Begin.Busy}
   */
  Begin beginOperation(StoredOperation operation);

  /**
   * Records that an operation was answered asynchronously: sets {@code async}, the step, the
   * provider's operation id, the payload, the owner and the lease from {@code accepted}.
   *
   * <p>The acceptance applies only to the run it names: the operation must be in progress, owned
   * by {@code owner} and in {@code accepted.attempt()}. An acceptance of an earlier attempt
   * changes nothing once the operation was taken over ({@link #takeOverExpired}), whichever
   * replica took it over, this one included.
   *
   * @param accepted the operation as accepted (same id, and the attempt it was accepted in)
   * @param owner the replica that started it
   * @return false (and nothing changed) when the operation is not in progress, not owned by
   *     {@code owner} or in another attempt than {@code accepted.attempt()}
   */
  boolean acceptOperation(StoredOperation accepted, String owner);

  /**
   * Ends an operation and applies its effect (see {@link Finish}). An instance it puts keeps the
   * stored IBM Cloud enabled state ({@link StoredInstance#enabled()} and its time): only
   * {@link #setEnabled} changes that, also while the operation runs. Likewise a binding it puts
   * keeps credentials already stored: only {@link #replaceCredentials} changes them. A kept
   * operation ({@link Finish#keepOperation()}) keeps neither its {@link StoredOperation#payload()}
   * nor its {@link StoredOperation#stepArguments()} (both null once it ended): they served its
   * run, and an asynchronous update's payload carries the customer's parameters, which would
   * otherwise stay for the whole retention time after every update.
   *
   * <p>The finish applies only to the run it names: the operation must be in progress, owned by
   * {@link Finish#owner()} and in {@link Finish#attempt()}. A finish of an earlier attempt
   * changes nothing once the operation was taken over ({@link #takeOverExpired}), whichever
   * replica took it over, this one included.
   *
   * @param finish what to do
   * @return false (and nothing applied) when the operation is not in progress, not owned by
   *     {@link Finish#owner()} or in another attempt than {@link Finish#attempt()}
   */
  boolean finishOperation(Finish finish);

  /**
   * Renews the lease of every operation in progress that {@code owner} holds, and of no other.
   * The SDK passes the owner id of one running broker ({@code Broker.replicaId()}): a broker
   * restarted under the same {@code Broker.Builder.replicaId} has a new one, so the operations
   * its previous life left in progress are renewed by nobody and are taken over once their
   * lease expired ({@link #takeOverExpired}, whoever the caller is).
   *
   * @param owner the replica
   * @param leaseExpiry the new expiry
   * @return how many operations were renewed
   */
  int renewLeases(String owner, Instant leaseExpiry);

  /**
   * Sets the lease of every operation in progress that {@code owner} holds to
   * {@code leaseExpiry}, except those named in {@code keep}: what a closing broker calls, with a
   * past expiry, to give up the leases of the operations it no longer runs (other replicas take
   * them over at once) while the work still running in it keeps its lease until it expires.
   *
   * <p>The default gives every lease up through {@link #renewLeases} when {@code keep} is empty,
   * and none otherwise (those leases then expire by themselves): a store that can update its
   * operations by id should override it.
   *
   * @param owner the replica
   * @param keep the ids of the operations whose lease stays as it is
   * @param leaseExpiry the new expiry
   * @return how many leases were set
   */
  default int renewLeasesExcept(String owner, Set<String> keep, Instant leaseExpiry) {
    return keep.isEmpty() ? renewLeases(owner, leaseExpiry) : 0;
  }

  /**
   * Sets the lease of each named operation in progress that {@code owner} holds to the expiry
   * given for it, and of no other: what a closing broker calls, before it gives its other leases
   * up ({@link #renewLeasesExcept}), for the operations whose resumable step waits to run again
   * (its {@code TemporarilyUnavailableException} asked for a {@code retryAfter}), so that no
   * replica takes one over before its wait ends.
   *
   * <p>The default sets none (those leases then expire by themselves, within a lease): a store
   * that can update its operations by id should override it.
   *
   * @param owner the replica
   * @param leaseExpiries the new expiry of each operation, by operation id
   * @return how many leases were set
   */
  default int setLeases(String owner, Map<String, Instant> leaseExpiries) {
    return 0;
  }

  /**
   * Takes over operations in progress whose lease expired before {@code now}: sets the new owner
   * and lease and increments the attempt, whoever owned them before ({@code owner} included).
   * Two replicas never take over the same operation.
   *
   * @param owner the replica taking over
   * @param now the time the leases are compared with
   * @param leaseExpiry the new lease
   * @param limit the most operations taken at once
   * @return the operations taken over, as updated
   */
  List<StoredOperation> takeOverExpired(String owner, Instant now, Instant leaseExpiry,
      int limit);

  /**
   * The operations in progress that {@code owner} holds with a lease, by id: what a replica
   * compares with the work it runs, to find an operation it holds although nothing in it runs it
   * (say, one it took over in a statement whose answer was lost after the commit): left alone,
   * that one would stay in progress for ever, its lease renewed by a live replica.
   *
   * <p>The default cannot tell (empty): such operations are then never found.
   *
   * @param owner the replica
   * @return their ids, or empty when the store cannot tell
   */
  default Optional<Set<String>> leasedOperations(String owner) {
    return Optional.empty();
  }

  /**
   * Takes over again operations in progress that {@code owner} itself holds with a lease, named
   * by id: as {@link #takeOverExpired}, sets the new lease and increments the attempt (so that
   * whatever ran them before in their old attempt can no longer finish them); others (ended,
   * another replica's, without a lease) are left alone. The default takes none.
   *
   * @param owner the replica that holds them
   * @param ids the operations
   * @param leaseExpiry the new lease
   * @return the operations taken over, as updated
   */
  default List<StoredOperation> takeOverHeld(String owner, Set<String> ids,
      Instant leaseExpiry) {
    return List.of();
  }

  /**
   * Sets IBM Cloud's enabled flag of an instance.
   *
   * @param instanceId the instance id
   * @param enabled the flag
   * @param at the time
   * @return the instance as updated, or empty when it does not exist
   */
  Optional<StoredInstance> setEnabled(String instanceId, boolean enabled, Instant at);

  /**
   * Bindings whose credentials the SDK stored (encrypted), a page at a time, ordered by
   * instance id then binding id in an order the store defines (the same from page to page),
   * starting after a position: what {@code Broker.reencryptCredentials()} walks when the
   * credential key changes. Any status; bindings without stored credentials are left out. A
   * binding that exists with credentials through a whole walk is returned exactly once.
   *
   * @param afterInstanceId the instance id of the last binding of the previous page, or null for
   *     the first page
   * @param afterBindingId the binding id of the last binding of the previous page, or null for
   *     the first page
   * @param limit the most bindings to return (at least 1)
   * @return up to {@code limit} bindings after the position, in order; fewer (or none) at the end
   */
  List<StoredBinding> bindingsWithCredentials(String afterInstanceId, String afterBindingId,
      int limit);

  /**
   * The binding whose credentials the SDK stored most recently (as far as the store can tell
   * cheaply: the newest {@link StoredBinding#createdAt()} among those with credentials), read
   * once when a broker is built to check that its credential keys open what the store holds, so
   * a replica given another key than the others refuses to start instead of failing every fetch.
   * The default, for stores written before this method, returns empty: the check is skipped.
   * Any binding with credentials will do when the store cannot tell the newest; the newest is
   * best, as it was written under the key the running replicas use.
   *
   * @return the binding, or empty when no binding has stored credentials (or the store does not
   *     say)
   * @throws StoreUnavailableException when the store does not answer
   */
  default Optional<StoredBinding> newestBindingWithCredentials() {
    return Optional.empty();
  }

  /**
   * Replaces a binding's stored credentials when they are still {@code expected}
   * (compare-and-set), so a value rewritten under a new key never overwrites one a bind, an
   * unbind or another replica wrote in the meantime. Nothing else of the binding changes.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id
   * @param expected the encrypted credentials as read
   * @param replacement the same credentials encrypted under the current key
   * @return whether the binding still existed with {@code expected} and now holds
   *     {@code replacement}
   */
  boolean replaceCredentials(String instanceId, String bindingId, String expected,
      String replacement);

  /**
   * Deletes finished operations.
   *
   * @param finishedBefore operations that finished before this are deleted
   * @return how many were deleted
   */
  int purgeOperations(Instant finishedBefore);

  /**
   * Checks that the store answers (for health checks).
   *
   * @throws StoreUnavailableException when it does not
   */
  void check();

  /**
   * Tells whether the store answers but refuses every write (for health checks), e.g. a
   * database set read-only or a standby server: reads work, every change fails with
   * {@link StoreUnavailableException}. The default, for a store that is never read-only, is
   * false.
   *
   * @return true when writes are refused now
   * @throws StoreUnavailableException when the store does not answer
   */
  default boolean readOnly() {
    return false;
  }

  /**
   * The current time of a clock every replica on this store shares (a database server's), read
   * now. The SDK reads it before it records its first time and once per maintenance round, and
   * records every time (lease ends above all) on the shared clock: the last reading plus the
   * time the JVM's monotonic clock ({@code System.nanoTime()}) counted since, so replicas whose
   * clocks disagree still agree on when a lease ran out, and a step of a replica's wall clock
   * (an NTP correction) does not move its leases. The default, for a store of one process, has
   * none (the SDK then uses its wall clock).
   *
   * @return the shared time, or empty when the store has no clock of its own
   * @throws StoreUnavailableException when the store does not answer
   */
  default Optional<Instant> sharedTime() {
    return Optional.empty();
  }
}

package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one round of the {@link OperationMaintenance}'s loop does, each part on its own: measures
 * the clock, renews this replica's leases, ends the work here whose operation passed its
 * deadline, writes the finishes the store refused during an outage, hands operations whose owner
 * stopped renewing to the runner, and purges old finished operations (every ten minutes). The
 * maintenance runs it under its lock, one round at a time.
 *
 * <p>An operation this replica holds a lease on although nothing here works on it (no request,
 * work, pending finish, delayed task or hand-off: say, one it took over in a statement whose
 * answer was lost after the commit) would stay in progress for ever, its lease renewed here and
 * taken over by nobody: seen so in two rounds in a row, it is taken over again here (a new
 * attempt) and handed to the runner as any other taken over.
 */
final class MaintenanceRound {
  /** The maintenance's: its log lines keep their category. */
  private static final Logger LOG = LoggerFactory.getLogger(OperationMaintenance.class);
  private static final Duration PURGE_EVERY = Duration.ofMinutes(10);
  private static final int TAKEOVER_BATCH = 100;

  private final BrokerStore store;
  private final String replicaId;
  private final Duration lease;
  private final Duration retention;
  private final Supplier<Instant> now;
  private final Consumer<StoredOperation> takeOver;
  private final Runnable measureClock;
  private final Supplier<Set<String>> runningHere;
  private final Supplier<Set<String>> heldHere;
  private final Runnable checkLeases;
  private final Runnable endOverdue;
  private final PendingFinishes pendingFinishes;
  /** When this replica last renewed its leases (in a round only). */
  private Instant lastRenewal;
  private Instant lastPurge = Instant.EPOCH;
  /** The operations held here by lease at the last renewal, or empty when the store can't tell. */
  private Optional<Set<String>> leased = Optional.empty();
  /** The operations held here by lease but worked on by nothing here, at the round before. */
  private Set<String> unheldBefore = Set.of();

  /** See {@link OperationMaintenance}'s constructor for what each does. */
  MaintenanceRound(BrokerStore store, String replicaId, Duration lease,
      Duration retention, Supplier<Instant> now, Consumer<StoredOperation> takeOver,
      Runnable measureClock, Supplier<Set<String>> runningHere, Supplier<Set<String>> heldHere,
      Runnable checkLeases, Runnable endOverdue, PendingFinishes pendingFinishes) {
    this.store = store;
    this.replicaId = replicaId;
    this.lease = lease;
    this.retention = retention;
    this.now = now;
    this.takeOver = takeOver;
    this.measureClock = measureClock;
    this.runningHere = runningHere;
    this.heldHere = heldHere;
    this.checkLeases = checkLeases;
    this.endOverdue = endOverdue;
    this.pendingFinishes = pendingFinishes;
  }

  /** Measures the clock alone (the first thing the loop does, before the first round). */
  void measureClock() {
    part(measureClock);
  }

  /**
   * One round.
   *
   * @param takingOver whether it takes operations over (not once the replica began to close), asked
   *     when it comes to that
   */
  void run(BooleanSupplier takingOver) {
    // the leases first, and each part on its own: a finish that cannot be written yet (its row
    // locked past the statement timeout, say) must not cost this replica the leases of the work
    // it still runs, or another replica takes that work over and runs it at the same time
    if (!part(measureClock)) {
      return; // the store is down: the rest would wait for it in turn
    }
    if (!part(this::renew)) {
      return; // the store is down: the rest would wait for it in turn
    }
    part(endOverdue);
    part(pendingFinishes::writeAll);
    if (takingOver.getAsBoolean() && part(this::takeOverExpired)) {
      part(this::takeOverUnheld);
      part(this::purge);
    }
  }

  /**
   * Runs one part of the round; false when the store was unavailable for it. Anything else it
   * throws is logged and the round goes on: an {@link Error} or an undeclared checked exception
   * escaping the round would cancel the loop, and every lease renewal of this replica, for good.
   */
  private static boolean part(Runnable r) {
    try {
      r.run();
      return true;
    } catch (StoreUnavailableException e) {
      LOG.debug("Store unavailable during maintenance: {}", e.getMessage());
      return false;
    } catch (Exception | Error e) { // NOPMD: the loop must survive whatever a part throws
      LOG.error("Operation maintenance failed", e);
      return true;
    }
  }

  /**
   * Renews this replica's leases and reads which it holds. When the last renewal was a lease ago
   * or more (the store was down, the process paused), or an operation running here is not among
   * them (or, when the store cannot tell which, fewer leases were renewed than operations run
   * here), another replica may have taken some of them over: their work here is then found and
   * interrupted.
   */
  private void renew() {
    Instant at = now.get();
    Set<String> runningBefore = runningHere.get();
    int renewed = store.renewLeases(replicaId, leaseFrom(at));
    boolean late = lastRenewal != null && Duration.between(lastRenewal, at).compareTo(lease) >= 0;
    lastRenewal = at;
    leased = renewed == 0 ? Optional.of(Set.of()) : leased();
    boolean missing = leased.map(ids -> !ids.containsAll(runningBefore))
        .orElse(renewed < runningBefore.size());
    if (late || missing) {
      checkLeases.run();
    }
  }

  private Optional<Set<String>> leased() {
    try {
      return store.leasedOperations(replicaId);
    } catch (StoreUnavailableException e) {
      LOG.debug("Store unavailable for the leases held: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Takes over again the operations held here by lease and worked on by nothing here in this
   * round and the one before (see the class comment); read after the leases, so that work that
   * started meanwhile is seen.
   */
  private void takeOverUnheld() {
    if (leased.isEmpty()) {
      unheldBefore = Set.of();
      return;
    }
    Set<String> unheld = new HashSet<>(leased.get());
    unheld.removeAll(heldHere.get());
    Set<String> again = new HashSet<>(unheld);
    again.retainAll(unheldBefore);
    unheld.removeAll(again);
    unheldBefore = unheld;
    if (again.isEmpty()) {
      return;
    }
    Instant at = now.get();
    for (StoredOperation op : store.takeOverHeld(replicaId, again, leaseFrom(at))) {
      LOG.warn("Took over again {} operation {} (attempt {}): this replica held its lease but"
          + " nothing here worked on it (a takeover whose answer was lost, say)", op.type(),
          op.id(), op.attempt());
      hand(op);
    }
  }

  private void takeOverExpired() {
    Instant at = now.get();
    List<StoredOperation> taken =
        store.takeOverExpired(replicaId, at, leaseFrom(at), TAKEOVER_BATCH);
    for (StoredOperation op : taken) {
      LOG.warn("Took over {} operation {} (attempt {}) from a replica that stopped", op.type(),
          op.id(), op.attempt());
      hand(op);
    }
  }

  /** Hands an operation taken over to the runner, on its own. */
  private void hand(StoredOperation op) {
    try {
      takeOver.accept(op); // each on its own: one that fails must not hold the others back
    } catch (Exception | Error e) { // NOPMD: the next operations are taken over all the same
      LOG.error("Taking over operation {} failed", op.id(), e);
    }
  }

  private void purge() {
    Instant at = now.get();
    if (Duration.between(lastPurge, at).compareTo(PURGE_EVERY) < 0) {
      return;
    }
    lastPurge = at;
    int n = store.purgeOperations(at.minus(retention));
    if (n > 0) {
      LOG.info("Purged {} finished operations older than {}", n, retention);
    }
  }

  /** A lease from {@code at}, as {@link OperationMaintenance#leaseFrom}. */
  private Instant leaseFrom(Instant at) {
    return at.plus(lease);
  }
}

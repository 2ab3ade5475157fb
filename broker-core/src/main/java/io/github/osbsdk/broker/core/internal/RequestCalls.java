package io.github.osbsdk.broker.core.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operations this broker's requests hold while they run: those a request started (its claim
 * or begin, {@link OperationRunner#starting}) until it is answered, its provider call running on
 * the request's thread (a synchronous call, or the call before an asynchronous answer). A closing
 * broker waits for them and keeps their leases ({@link GracefulClose}). {@link Endpoint} opens a
 * scope around each request on the request's own thread and closes it there, in the same method,
 * so the per-thread scope never outlives the request.
 */
final class RequestCalls {
  /** What a scope that started no operation yet holds: no set until {@link #add} needs one. */
  private static final Set<String> NONE_YET = Set.of();
  /** What closes a scope opened inside another one: nothing. */
  private static final Scope NESTED = () -> { };

  /** The current thread's scope: null outside one, else what it started ({@link #NONE_YET}). */
  private final ThreadLocal<Set<String>> current = new ThreadLocal<>();
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  /** What closes a scope, made once: a request that starts no operation allocates nothing. */
  private final Scope exit = this::exit;

  /** Closes a scope opened by {@link #enter()}. */
  interface Scope {
    /** Closes the scope, on the thread that opened it. */
    void close();
  }

  /**
   * Opens a scope for the request on the current thread, unless one is open already.
   *
   * @return what closes it: the operations it started are no longer held
   */
  Scope enter() {
    if (current.get() != null) {
      return NESTED;
    }
    current.set(NONE_YET);
    return exit;
  }

  private void exit() {
    Set<String> mine = current.get();
    // null, not remove(): the thread keeps its (empty) slot, and the next scope reuses it
    current.set(null);
    if (mine != null && mine != NONE_YET) {
      held.removeAll(mine);
    }
  }

  /**
   * Records that the request on the current thread starts an operation (nothing outside a
   * scope).
   *
   * @param operationId the operation's id
   */
  void add(String operationId) {
    Set<String> mine = current.get();
    if (mine == null) {
      return;
    }
    if (mine == NONE_YET) {
      mine = new HashSet<>();
      current.set(mine);
    }
    mine.add(operationId);
    held.add(operationId);
  }

  /** @return the ids of the operations requests hold now */
  Set<String> held() {
    return Set.copyOf(held);
  }

  /**
   * @return the ids of the operations requests on other threads than the current one hold now
   *     (a close called from a request's provider call does not wait for that request:
   *     {@link GracefulClose})
   */
  Set<String> heldElsewhere() {
    Set<String> mine = current.get();
    if (mine == null || mine.isEmpty()) {
      return held();
    }
    Set<String> others = new HashSet<>(held);
    others.removeAll(mine);
    return others;
  }
}

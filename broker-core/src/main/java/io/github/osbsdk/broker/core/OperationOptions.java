package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.ResumableStep;
import io.github.osbsdk.broker.api.binding.BindStep;
import io.github.osbsdk.broker.core.internal.BrokerSettings;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * The options of a {@link Broker.Builder} that say where the registry lives and how asynchronous
 * operations run: the store, this replica's id and lease, resumable steps, deadlines, retention,
 * {@code Retry-After} and the executor. Not a type of its own for users: every method returns
 * the {@link Broker.Builder}, which is the only subclass.
 */
abstract class OperationOptions {
  private final BrokerSettings settings;

  OperationOptions(BrokerSettings settings) {
    this.settings = settings;
  }

  /** The settings the options write to. */
  final BrokerSettings settings() {
    return settings;
  }

  private Broker.Builder self() {
    return (Broker.Builder) this;
  }

  /**
   * Where the registry of instances, bindings and operations lives (default: an
   * {@link InMemoryBrokerStore}, for a single process). Replicas of one broker share one store.
   *
   * @param brokerStore the store
   * @return this
   */
  public Broker.Builder store(BrokerStore brokerStore) {
    settings().store(brokerStore);
    return self();
  }

  /**
   * This replica's id, recorded with the operations it runs (default: a random UUID per process,
   * which is what replicas need: never give two running processes one id). A stable name such as
   * a StatefulSet pod's may be reused after a restart: the owner recorded is this id followed by
   * {@code #} and a random incarnation of the process ({@link Broker#replicaId()}), so a process
   * restarted under the id does not take what its previous life left in progress for its own;
   * any replica, this one included, takes that over once its lease expires.
   *
   * @param id the id
   * @return this
   */
  public Broker.Builder replicaId(String id) {
    settings().replicaId(id);
    return self();
  }

  /**
   * How long an operation stays this replica's without a renewal (default 30 s). The lease is
   * renewed every third of its length; another replica takes an operation over once its lease
   * expired, so a stopped replica's operations move within about one lease.
   *
   * @param length the lease, 1 s to 10 min
   * @return this
   */
  public Broker.Builder lease(Duration length) {
    settings().lease(length);
    return self();
  }

  /**
   * How long an identical repeat of a provision or bind waits for the first request's
   * synchronous provider call, running on any replica, before it answers 422
   * {@code ConcurrencyError} (default 3 s). A repeat of a synchronous update, deprovision or
   * unbind waits as long for the same request still in progress (say, one whose end an outage
   * held back); any other request in the way is answered 422 at once.
   *
   * @param wait the wait, zero or more
   * @return this
   * @throws IllegalArgumentException when it is negative
   */
  public Broker.Builder repeatWait(Duration wait) {
    settings().repeatWait(wait);
    return self();
  }

  /**
   * Registers a {@link ResumableStep} under a name, the same on every replica; one that throws
   * {@code StoreUnavailableException} (its own storage unreachable), as such or as a cause, runs
   * again later.
   *
   * @param name the step name, not blank
   * @param step the step
   * @return this
   * @throws IllegalArgumentException for a blank name or one registered already
   */
  public Broker.Builder step(String name, ResumableStep step) {
    settings().step(name, step);
    return self();
  }

  /**
   * Registers a step of asynchronous binding work under a name, so another replica can resume it.
   *
   * @param name the step name, unique among all steps
   * @param step a {@link BindStep}, registered as {@link #step(String, ResumableStep)} does
   * @return this
   */
  public Broker.Builder bindStep(String name, BindStep step) {
    return step(name, (ResumableStep) step);
  }

  /**
   * How long an asynchronous operation may stay in progress when its plan declares no
   * {@code maximum_polling_duration} (default 7 days, Cloud Foundry's default for the
   * platform's own polling). An operation's deadline is its start plus its plan's
   * {@code maximum_polling_duration}, else this timeout; an update that changes plans gets the
   * longer of the two plans' timeouts. It is recorded with the operation, and the deadline is
   * judged on the store's shared clock: every replica agrees. An operation still in progress at
   * its deadline ends {@code failed}, once (see the {@linkplain io.github.osbsdk.broker.core
   * package description}).
   *
   * @param timeout a positive duration, to the millisecond
   * @return this
   * @throws IllegalArgumentException when it is shorter than 1 ms
   */
  public Broker.Builder operationTimeout(Duration timeout) {
    settings().operationTimeout(timeout);
    return self();
  }

  /**
   * Sets how long {@code last_operation} still answers for a finished asynchronous operation.
   *
   * @param retention how long finished asynchronous operations stay readable (default 3 days)
   * @return this
   * @throws IllegalArgumentException unless it is positive
   */
  public Broker.Builder operationRetention(Duration retention) {
    settings().operationRetention(retention);
    return self();
  }

  /**
   * Sets the {@code Retry-After} of a {@code last_operation} answer while an SDK operation runs.
   * An answer never asks for more than the time left until the operation's deadline (its plan's
   * {@code maximum_polling_duration}, else {@link #operationTimeout}), also when a provider's
   * {@code LastOperation.InProgress} names a longer wait: a platform waiting longer would give up
   * before it polls again.
   *
   * @param retryAfter {@code Retry-After} while an SDK operation runs (whole s; none under 1 s)
   * @return this
   * @throws IllegalArgumentException unless it is positive
   */
  public Broker.Builder retryAfter(Duration retryAfter) {
    settings().retryAfter(retryAfter);
    return self();
  }

  /**
   * Sets where the tasks and steps of asynchronous operations run.
   *
   * @param executor runs the tasks and steps of operations (default: a bounded pool); for one
   *     that runs work on its caller's thread, see {@link io.github.osbsdk.broker.core}
   * @return this
   */
  public Broker.Builder executor(ExecutorService executor) {
    settings().executor(executor);
    return self();
  }
}

package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.AsyncTask;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.OperationState;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.async.OperationKind;
import io.github.osbsdk.broker.core.async.OperationTracker;
import io.github.osbsdk.broker.core.async.TrackedOperation;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs {@link AsyncTask}s on the executor through the {@link OperationTracker}, refuses concurrent
 * mutations of one instance (422 {@code ConcurrencyError}) and answers last_operation for them.
 */
public final class AsyncOperations {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncOperations.class);
  static final String GENERIC_FAILURE = "The operation failed.";
  private final OperationTracker tracker;
  private final Executor executor;
  private final Clock clock;
  private final Integer retryAfterSeconds;

  /**
   * @param tracker the tracker
   * @param executor runs the tasks
   * @param clock the clock
   * @param retryAfter {@code Retry-After} for operations in progress
   */
  public AsyncOperations(OperationTracker tracker, Executor executor, Clock clock,
      Duration retryAfter) {
    this.tracker = tracker;
    this.executor = executor;
    this.clock = clock;
    long s = Math.max(0, retryAfter.toSeconds());
    this.retryAfterSeconds = s == 0 ? null : (int) Math.min(s, Integer.MAX_VALUE);
  }

  /** @return the tracker */
  public OperationTracker tracker() {
    return tracker;
  }

  /**
   * Checks for an operation in progress on the instance before a mutation reaches the provider.
   *
   * @return the id of an identical operation in progress (answer 202 with it), or null
   * @throws ServiceBrokerException 422 {@code ConcurrencyError} for a different one
   */
  String joinOrRefuse(String instanceId, OperationKind kind, String bindingId,
      String fingerprint) {
    return joinOrRefuse(instanceId, kind, bindingId, () -> fingerprint);
  }

  /**
   * Like {@link #joinOrRefuse(String, OperationKind, String, String)}, but computes the request
   * fingerprint only when an operation is in progress on the instance.
   */
  String joinOrRefuse(String instanceId, OperationKind kind, String bindingId,
      Supplier<String> fingerprint) {
    Optional<TrackedOperation> running = tracker.inProgress(instanceId);
    return running.isPresent()
        ? joinOrRefuse(running.get(), kind, bindingId, fingerprint.get()) : null;
  }

  private static String joinOrRefuse(TrackedOperation running, OperationKind kind,
      String bindingId, String fingerprint) {
    if (running.kind() == kind && Objects.equals(running.bindingId(), bindingId)
        && running.fingerprint().equals(fingerprint)) {
      return running.id();
    }
    throw ServiceBrokerException.concurrencyError();
  }

  /**
   * Starts a task.
   *
   * @param onSuccess runs after the task succeeded, before the operation is marked succeeded
   * @return the operation id (of an identical operation that won a race, possibly)
   */
  String start(OperationKind kind, String instanceId, String bindingId, String fingerprint,
      String requestId, AsyncTask task, Runnable onSuccess) {
    TrackedOperation op = TrackedOperation.start(UUID.randomUUID().toString(), kind, instanceId,
        bindingId, fingerprint, requestId, clock.instant());
    Optional<TrackedOperation> other = tracker.begin(op);
    if (other.isPresent()) {
      LOG.info("Not running the task: another operation is in progress on the instance");
      return joinOrRefuse(other.get(), kind, bindingId, fingerprint);
    }
    try {
      executor.execute(() -> run(op, task, onSuccess));
    } catch (RejectedExecutionException e) {
      tracker.finish(op.finish(OperationState.FAILED, "The service broker is busy.", null, null,
          clock.instant()));
      LOG.error("Executor refused an asynchronous operation", e);
      throw new ServiceBrokerException(503, null,
          "The service broker is busy; please try again later.");
    }
    LOG.info("Started asynchronous {} operation {}", kind, op.id());
    return op.id();
  }

  private void run(TrackedOperation op, AsyncTask task, Runnable onSuccess) {
    if (op.requestId() != null) {
      MDC.put(RequestIdFilter.MDC_KEY, op.requestId());
    }
    TrackedOperation done;
    try {
      task.run();
      onSuccess.run();
      done = op.finish(OperationState.SUCCEEDED, null, null, null, clock.instant());
      LOG.info("Asynchronous {} operation {} succeeded", op.kind(), op.id());
    } catch (ServiceBrokerException e) {
      boolean usable = op.kind() == OperationKind.UPDATE || op.kind() == OperationKind.DEPROVISION;
      done = op.finish(OperationState.FAILED, e.description(),
          usable ? e.instanceUsable() : null,
          op.kind() == OperationKind.UPDATE ? e.updateRepeatable() : null, clock.instant());
      LOG.warn("Asynchronous {} operation {} failed: {}", op.kind(), op.id(), e.getMessage());
    } catch (Throwable t) { // NOPMD: any failure of provider code ends the operation as failed
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      done = op.finish(OperationState.FAILED, GENERIC_FAILURE, null, null, clock.instant());
      LOG.error("Asynchronous {} operation {} (request {}) failed unexpectedly", op.kind(),
          op.id(), op.requestId(), t);
    } finally {
      MDC.remove(RequestIdFilter.MDC_KEY);
    }
    tracker.finish(done);
  }

  /**
   * @param instanceId the instance
   * @param bindingId the binding, or null for instance operations
   * @param operation the {@code operation} query parameter, may be null
   * @return the SDK-tracked operation it names (or the latest one when none is named)
   */
  Optional<TrackedOperation> lookup(String instanceId, String bindingId, String operation) {
    if (operation == null) {
      return tracker.latest(instanceId, bindingId);
    }
    return tracker.find(operation).filter(op -> op.instanceId().equals(instanceId)
        && Objects.equals(op.bindingId(), bindingId));
  }

  /**
   * @param op an SDK-tracked operation
   * @param bindingEndpoint whether the binding last_operation endpoint asks
   * @return the last_operation answer: 200 with the state, or 410 after a finished delete
   */
  Response answer(TrackedOperation op, boolean bindingEndpoint, ErrorResponses errors) {
    if (op.state() == OperationState.SUCCEEDED && op.kind().isDelete()) {
      return errors.of(410, op.kind() == OperationKind.UNBIND
          ? "The service binding has been deleted." : "The service instance has been deleted.");
    }
    LastOperation body = new LastOperation(op.state(), op.description(), op.instanceUsable(),
        op.updateRepeatable(), op.inProgress() ? retryAfterSeconds : null);
    return Calls.lastOperation(body, bindingEndpoint);
  }
}

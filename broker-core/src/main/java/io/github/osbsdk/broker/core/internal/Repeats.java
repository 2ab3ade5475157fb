package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindingMetadata;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.internal.metrics.RegistryAnswer;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers provisions and binds whose id is taken, from the registry: identical and done: 200;
 * identical and running asynchronously: 202 with the same operation and metadata (without
 * {@code accepts_incomplete}: 422 {@code AsyncRequired}); identical and running
 * synchronously on some replica: wait briefly, then answer; different: 409; otherwise 422
 * {@code ConcurrencyError}. An update, deprovision or unbind that finds the same synchronous
 * request running waits briefly too ({@link #sameChangeAgain}).
 */
final class Repeats {
  private static final Logger LOG = LoggerFactory.getLogger(Repeats.class);
  private static final long PAUSE_NANOS = 15_000_000L;

  private Repeats() {}

  /**
   * @return the answer, or null to claim again (after a short pause)
   */
  static Response provision(BrokerServices s, StoredInstance existing, StoredOperation running,
      String fingerprint, boolean acceptsIncomplete, long deadlineNanos) {
    if (!existing.fingerprint().equals(fingerprint)) {
      count(s, OperationType.PROVISION, RegistryAnswer.CONFLICT);
      throw ServiceBrokerException.conflict("A service instance with this id already exists"
          + " with different attributes.");
    }
    InstanceStatus status = existing.status();
    if (status == InstanceStatus.READY) {
      count(s, OperationType.PROVISION, RegistryAnswer.REPEAT);
      return JsonResponses.json(200, new WireBodies.Provision(existing.dashboardUrl(), null,
          InstanceRecords.read(existing.metadata(), InstanceMetadata.class, s.mapper())));
    }
    if (status == InstanceStatus.DEPROVISIONING) {
      count(s, OperationType.PROVISION, RegistryAnswer.CONCURRENCY);
      throw ServiceBrokerException.concurrencyError();
    }
    if (running != null && running.async()) {
      if (!acceptsIncomplete) {
        throw ServiceBrokerException.asyncRequired();
      }
      count(s, OperationType.PROVISION, RegistryAnswer.REPEAT_IN_PROGRESS);
      return acceptedAgain(s, running);
    }
    if (running != null && running.inProgress()) {
      s.runner().nudge(running);
    }
    pause(s, OperationType.PROVISION, deadlineNanos);
    return null;
  }

  /**
   * @return the answer, or null to claim again (after a short pause)
   */
  static Response bind(BrokerServices s, StoredBinding existing, StoredOperation running,
      String fingerprint, boolean acceptsIncomplete, long deadlineNanos, RequestContext ctx) {
    if (!existing.fingerprint().equals(fingerprint)) {
      count(s, OperationType.BIND, RegistryAnswer.CONFLICT);
      throw ServiceBrokerException.conflict("A service binding with this id already exists"
          + " with different attributes.");
    }
    BindingStatus status = existing.status();
    if (status == BindingStatus.READY) {
      count(s, OperationType.BIND, RegistryAnswer.REPEAT);
      // the fingerprints matched: the body's service and plan are the recorded ones
      return JsonResponses.json(200, BindingHandler.fetchedJson(s, existing,
          existing.serviceId(), existing.planId(), true, ctx));
    }
    if (status == BindingStatus.UNBINDING) {
      count(s, OperationType.BIND, RegistryAnswer.CONCURRENCY);
      throw bindingConcurrencyError();
    }
    if (running != null && running.async()) {
      if (!acceptsIncomplete) {
        throw ServiceBrokerException.asyncRequired();
      }
      count(s, OperationType.BIND, RegistryAnswer.REPEAT_IN_PROGRESS);
      return JsonResponses.json(202, new WireBodies.Bind(null, null, null, null, null,
          recorded(s, running, payload(s, running), BindingMetadata.class), running.id()));
    }
    if (running != null && running.inProgress()) {
      s.runner().nudge(running);
    }
    pause(s, OperationType.BIND, deadlineNanos);
    return null;
  }

  /**
   * The 202 a running asynchronous provision or update first answered, for an identical repeat:
   * its operation, and the dashboard URL and metadata the provider answered with, which its
   * operation's payload records ({@link InstanceRecords#updatePayload}). A platform whose first
   * answer was lost has only this one. What cannot be read back is left out (with a WARN).
   *
   * @param s the services
   * @param running the running operation
   * @return the answer
   */
  static Response acceptedAgain(BrokerServices s, StoredOperation running) {
    Map<String, Object> payload = payload(s, running);
    Object dashboard = payload.get(InstanceRecords.DASHBOARD);
    return JsonResponses.json(202, new WireBodies.Provision(
        dashboard instanceof String d ? d : null, running.id(),
        recorded(s, running, payload, InstanceMetadata.class)));
  }

  /** A running operation's payload, empty when it cannot be read (logged). */
  private static Map<String, Object> payload(BrokerServices s, StoredOperation running) {
    try {
      return s.runner().map(running.payload());
    } catch (IllegalStateException e) {
      LOG.warn("Operation {} has an unreadable payload; a repeat of its request is answered"
          + " with its operation only", running.id());
      return Map.of();
    }
  }

  /** The {@code metadata} an operation's payload records, or null (logged when unreadable). */
  private static <T> T recorded(BrokerServices s, StoredOperation running,
      Map<String, Object> payload, Class<T> type) {
    Object metadata = payload.get(InstanceRecords.METADATA);
    if (metadata == null) {
      return null;
    }
    try {
      return s.mapper().convertValue(metadata, type);
    } catch (IllegalArgumentException e) {
      LOG.warn("Operation {} records metadata that cannot be read back; a repeat of its request"
          + " is answered without it", running.id());
      return null;
    }
  }

  /**
   * When an update, deprovision or unbind may begin again instead of being refused: the time the
   * platform's repeat of a synchronous one waits ({@link #sameChangeAgain}).
   *
   * @param s the services
   * @return the deadline, on {@link System#nanoTime()}
   */
  static long deadline(BrokerServices s) {
    return System.nanoTime() + s.repeatWaitMillis() * 1_000_000L;
  }

  /**
   * Whether an update, deprovision or unbind that found {@code running} in its way begins again
   * (now, or after a short pause) instead of being answered 422 {@code ConcurrencyError}: when
   * {@code running} is the same synchronous request (its type, target, and an identical request
   * as {@code sameRequest} judges it), as a provision's or bind's identical repeat waits. That is
   * how the platform's retry of a request answered 503 during an outage finds the first attempt
   * whose end the outage held back: on the replica that keeps that end, a round is asked for at
   * once (on the loop's thread: the wait stays bounded); on another, the wait covers the write
   * soon after the store is back. Another request in the way is refused at once.
   *
   * @param s the services
   * @param wanted the operation the request would begin
   * @param running the operation in its way, or null when not known
   * @param sameRequest whether an operation of {@code wanted}'s type and target was started by an
   *     identical request (an update's: {@link UpdateFingerprint#sameUpdate}; a delete's:
   *     {@link Fingerprints#sameDeletion}), asked only of a synchronous one
   * @param deadlineNanos when to stop waiting ({@link #deadline})
   * @return whether to begin again
   */
  static boolean sameChangeAgain(BrokerServices s, StoredOperation wanted,
      StoredOperation running, Predicate<StoredOperation> sameRequest, long deadlineNanos) {
    if (running == null || running.async() || !running.inProgress()
        || running.type() != wanted.type()
        || !Objects.equals(running.bindingId(), wanted.bindingId())
        || System.nanoTime() - deadlineNanos > 0 || !sameRequest.test(running)) {
      return false;
    }
    s.runner().nudge(running);
    LockSupport.parkNanos(PAUSE_NANOS);
    return !Thread.currentThread().isInterrupted();
  }

  /**
   * Counts an answer the SDK gave from its registry (a no-op without metrics).
   *
   * @param s the services
   * @param operation the requested operation
   * @param answer the answer
   */
  static void count(BrokerServices s, OperationType operation, RegistryAnswer answer) {
    s.runner().metrics().registryAnswer(operation, answer);
  }

  /**
   * 422 {@code ConcurrencyError} for a bind or unbind refused because another operation runs on
   * the binding itself ({@link ServiceBrokerException#concurrencyError()} names the instance).
   *
   * @return the exception
   */
  static ServiceBrokerException bindingConcurrencyError() {
    return new ServiceBrokerException(422, ServiceBrokerException.CONCURRENCY_ERROR,
        "Another operation for this service binding is in progress.");
  }

  private static void pause(BrokerServices s, OperationType operation, long deadlineNanos) {
    if (System.nanoTime() - deadlineNanos > 0) {
      count(s, operation, RegistryAnswer.CONCURRENCY);
      throw busy(operation);
    }
    LockSupport.parkNanos(PAUSE_NANOS);
    if (Thread.currentThread().isInterrupted()) {
      throw busy(operation);
    }
  }

  /** A repeat still waiting for the same provision or bind, running synchronously elsewhere. */
  private static ServiceBrokerException busy(OperationType operation) {
    return operation == OperationType.BIND ? bindingConcurrencyError()
        : ServiceBrokerException.concurrencyError();
  }

}

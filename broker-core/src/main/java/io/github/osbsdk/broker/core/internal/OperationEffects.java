package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an ending operation does to the registry: the {@link Finish} that records a success, a
 * failure or a takeover, read from the operation's type, its SDK-private payload and the rows as
 * they are now. Builds finishes; the {@link OperationRunner} writes them.
 */
final class OperationEffects {
  private static final Logger LOG = LoggerFactory.getLogger(OperationEffects.class);
  /** The description of an operation whose recorded request cannot be read back. */
  static final String UNREADABLE = "The service broker could not read back what this operation"
      + " recorded of its request; the operation failed. Please try again.";

  private final BrokerStore store;
  private final ObjectMapper mapper;
  private final Fingerprints fingerprints;
  private final Supplier<Instant> clock;
  private final BoundBindings bindings;
  private final OperationErrorLog errors;
  /** Reads and writes the operations' SDK-private payloads. */
  private final OperationPayloads payloads;

  /**
   * @param store where the current rows are read
   * @param mapper the shared mapper (payloads)
   * @param clock the runner's clock (millisecond instants)
   * @param bindings checks and records the bindings asynchronous binds deliver
   * @param errors limits the ERROR of an unreadable payload, which every operation may write
   * @param payloads reads and writes the operations' payloads
   */
  OperationEffects(BrokerStore store, ObjectMapper mapper, Supplier<Instant> clock,
      BoundBindings bindings, OperationErrorLog errors, OperationPayloads payloads) {
    this.store = store;
    this.mapper = mapper;
    this.payloads = payloads;
    this.fingerprints = BrokerServices.fingerprints(mapper);
    this.clock = clock;
    this.bindings = bindings;
    this.errors = errors;
  }

  private Instant now() {
    return clock.get();
  }

  /**
   * The effect of a failed synchronous operation, or of one taken over without a step: a
   * deprovision or unbind restores the previous status. The claim of a provision or bind whose
   * provider was never called is withdrawn (deleted), unless it replaced an instance left
   * {@link InstanceStatus#PROVISION_FAILED} or a binding left {@link BindingStatus#BIND_FAILED}
   * by an earlier call (its stored operation says so, see {@link #failedBefore}): that one stays
   * as failed. Once the provider was called, whether it
   * created something is unknown, so the row stays, {@link InstanceStatus#PROVISION_FAILED} or
   * {@link BindingStatus#BIND_FAILED} as after a failed asynchronous create: the platform's
   * orphan-mitigation delete then reaches the provider instead of a 410 from the registry.
   *
   * @param op the operation
   * @param outcome how it ended
   * @param keep whether the operation stays readable
   * @param providerCalled whether the provider was called for it
   * @return the finish
   */
  Finish undo(StoredOperation op, OperationOutcome outcome, boolean keep, boolean providerCalled) {
    Finish.RowChange<StoredInstance> instance = Finish.RowChange.none();
    Finish.RowChange<StoredBinding> binding = Finish.RowChange.none();
    switch (op.type()) {
      case PROVISION -> instance = providerCalled
          || failedBefore(op, InstanceStatus.PROVISION_FAILED.name()) ? failedInstance(op)
          : Finish.RowChange.delete();
      case BIND -> binding = providerCalled
          || failedBefore(op, BindingStatus.BIND_FAILED.name()) ? failedBinding(op)
          : Finish.RowChange.delete();
      case DEPROVISION -> instance = restoreInstance(op);
      case UNBIND -> binding = restoreBinding(op);
      case UPDATE -> { }
      default -> throw new IllegalStateException();
    }
    return Finish.of(op, outcome.status(), outcome.description(), outcome.instanceUsable(),
        outcome.updateRepeatable(), keep, instance, binding, now());
  }

  /**
   * A synchronous provision or bind whose success the client was not told (the store was
   * unavailable for it and answered 503, see {@link OperationEnds#finishSync}) written, once the
   * store is back, as its failure: the platform treats a 5xx as a failed create and deletes it
   * (OSB orphan mitigation), so the row must not become usable. A binding's credentials and
   * other results are not kept. An instance keeps the provider's dashboard URL and metadata, and
   * those of the failed instance a retry's claim replaced where the provider returned none
   * ({@link FailedCreateRecords#keepUnrecorded}): the platform's deprovision must see a dashboard
   * URL and metadata the platform was given, the retry's own where it returned them.
   *
   * @param success the finish that records the success
   * @param failedBefore the failed instance a provision's claim replaced, or null
   * @return the finish that records the failure instead
   */
  static Finish failedInstead(Finish success, StoredInstance failedBefore) {
    Finish.RowChange<StoredInstance> instance = success.instance();
    Finish.RowChange<StoredBinding> binding = success.binding();
    if (instance instanceof Finish.RowChange.Put<StoredInstance> put) {
      instance = Finish.RowChange.put(FailedCreateRecords.keepUnrecorded(
          put.row().withStatus(InstanceStatus.PROVISION_FAILED, success.at()), failedBefore));
    }
    if (binding instanceof Finish.RowChange.Put<StoredBinding> put) {
      binding = Finish.RowChange.put(
          put.row().withStatus(BindingStatus.BIND_FAILED).withResult(null, null));
    }
    return new Finish(success.operationId(), success.owner(), success.attempt(),
        OperationStatus.FAILED, OperationRunner.GENERIC_FAILURE, null, null,
        success.keepOperation(), instance, binding, success.at());
  }

  /**
   * Whether a provision's or bind's claim replaced a row left failed ({@code failed}:
   * {@link InstanceStatus#PROVISION_FAILED} or {@link BindingStatus#BIND_FAILED}): the store
   * keeps the operation's payload (the status to restore) only then
   * ({@link BrokerStore#claimInstance}, {@link BrokerStore#claimBinding}). Read from the stored
   * operation, as the claim's answer may have been lost; an operation that is not stored was
   * never claimed, and its finish changes nothing. An unreadable payload keeps the row as
   * failed: a delete too many reaches the provider, where a deletion too many would orphan what
   * it holds.
   */
  private boolean failedBefore(StoredOperation op, String failed) {
    Optional<StoredOperation> stored =
        store.findOperation(op.instanceId(), op.bindingId(), op.id());
    if (stored.isEmpty()) {
      return false;
    }
    try {
      return failed.equals(payloads.previousStatus(stored.get()));
    } catch (RuntimeException e) {
      LOG.warn("Operation {} has an unreadable payload; its {} is kept as failed", op.id(),
          op.bindingId() == null ? "instance" : "binding");
      return true;
    }
  }

  private Finish.RowChange<StoredInstance> failedInstance(StoredOperation op) {
    Optional<StoredInstance> current = store.findInstance(op.instanceId());
    return current.isEmpty() ? Finish.RowChange.none()
        : Finish.RowChange.put(failed(op, current.get(), now()));
  }

  /**
   * A provision's row, failed, with what its 202 sent and what an asynchronous retry recorded of
   * the failed instance its claim replaced ({@link FailedCreateRecords}). An unreadable payload
   * leaves the row as it is: the failure must be written all the same.
   */
  private StoredInstance failed(StoredOperation op, StoredInstance current, Instant at) {
    StoredInstance failed = current.withStatus(InstanceStatus.PROVISION_FAILED, at);
    try {
      return FailedCreateRecords.keep(failed, payloads.map(op.payload()), mapper);
    } catch (RuntimeException e) {
      LOG.warn("Operation {} has an unreadable payload; its instance is kept as failed without"
          + " what an earlier call recorded", op.id());
      return failed;
    }
  }

  private Finish.RowChange<StoredBinding> failedBinding(StoredOperation op) {
    Optional<StoredBinding> current = store.findBinding(op.instanceId(), op.bindingId());
    return current.isEmpty() ? Finish.RowChange.none()
        : Finish.RowChange.put(failed(op, current.get()));
  }

  /**
   * A bind's row, failed, without what the provider returned, created when the failed binding
   * an asynchronous retry's claim replaced was ({@link FailedCreateRecords}). An unreadable
   * payload leaves the creation time as it is.
   */
  private StoredBinding failed(StoredOperation op, StoredBinding current) {
    StoredBinding failed = current.withStatus(BindingStatus.BIND_FAILED).withResult(null, null);
    try {
      return FailedCreateRecords.keep(failed, payloads.map(op.payload()));
    } catch (RuntimeException e) {
      LOG.warn("Operation {} has an unreadable payload; its binding is kept as failed with the"
          + " retry's creation time", op.id());
      return failed;
    }
  }

  /**
   * A bind's row, ready, created when the failed binding an asynchronous retry's claim replaced
   * was ({@link FailedCreateRecords}), also on a store whose claim did not keep that time. An
   * unreadable payload leaves the creation time as it is: the success is recorded all the same.
   */
  private StoredBinding succeeded(StoredOperation op, StoredBinding ready) {
    try {
      return FailedCreateRecords.keep(ready, payloads.map(op.payload()));
    } catch (RuntimeException e) {
      LOG.warn("Operation {} has an unreadable payload; its binding is recorded with the"
          + " retry's creation time", op.id());
      return ready;
    }
  }

  private Finish.RowChange<StoredInstance> restoreInstance(StoredOperation op) {
    Optional<StoredInstance> current = store.findInstance(op.instanceId());
    if (current.isEmpty()) {
      return Finish.RowChange.none();
    }
    InstanceStatus status = recordedStatus(op, InstanceStatus.class, InstanceStatus.READY);
    return Finish.RowChange.put(current.get().withStatus(status, now()));
  }

  private Finish.RowChange<StoredBinding> restoreBinding(StoredOperation op) {
    Optional<StoredBinding> current = store.findBinding(op.instanceId(), op.bindingId());
    if (current.isEmpty()) {
      return Finish.RowChange.none();
    }
    BindingStatus status = recordedStatus(op, BindingStatus.class, BindingStatus.READY);
    return Finish.RowChange.put(current.get().withStatus(status));
  }

  /**
   * The status a failed deprovision or unbind restores: the one its operation recorded, or
   * {@code ready} when it recorded none or one this version cannot read (a status of a newer
   * version during a rolling upgrade, a damaged row). Failing instead would leave the operation
   * in progress for ever, as every end of it would fail the same way.
   */
  private <S extends Enum<S>> S recordedStatus(StoredOperation op, Class<S> type, S ready) {
    Object previous;
    try {
      previous = payloads.map(op.payload()).get(OperationPayloads.PAYLOAD_STATUS);
    } catch (RuntimeException e) {
      LOG.warn("Operation {} has an unreadable payload; it restores its row as {}", op.id(),
          ready);
      return ready;
    }
    if (previous == null) {
      return ready;
    }
    try {
      return Enum.valueOf(type, previous.toString());
    } catch (IllegalArgumentException e) {
      LOG.warn("Operation {} recorded the status {}, unknown to this version; it restores its"
          + " row as {}", op.id(), LogText.quote(previous.toString()), ready);
      return ready;
    }
  }

  /**
   * The effect of an asynchronous operation that ended. A provision or update that succeeded
   * but whose payload (what it recorded of its request) cannot be read back ends failed, with
   * {@link #UNREADABLE} as its description. A bind whose work delivered its binding records it
   * ({@link BoundBindings#delivered}) in the same finish; one whose delivered binding fails the
   * checks of a synchronous bind's answer ends failed, with the generic description, or, when it
   * is larger than {@code maxAnswerBytes}, {@link AnswerJson#TOO_LARGE_FAILURE}.
   *
   * @param op the operation (as stored, with its payload), in the attempt the finish ends
   * @param outcome what happened
   * @param owner who finishes it (null for a provider-tracked operation)
   * @return the finish
   */
  Finish asyncFinish(StoredOperation op, OperationOutcome outcome, String owner) {
    Instant now = now();
    Finish.RowChange<StoredInstance> instance = Finish.RowChange.none();
    Finish.RowChange<StoredBinding> binding = Finish.RowChange.none();
    OperationOutcome end = outcome;
    boolean ok = end.status() == OperationStatus.SUCCEEDED;
    Map<String, Object> payload = Map.of();
    if (ok && (op.type() == OperationType.PROVISION || op.type() == OperationType.UPDATE)) {
      try {
        payload = payloads.map(op.payload());
      } catch (RuntimeException e) {
        // what the request asked for cannot be applied: failed, never in progress for ever (a
        // failure needs no payload, so its end cannot fail the same way)
        errors.payloadUnreadable(op, e);
        end = OperationOutcome.failed(UNREADABLE);
        ok = false;
      }
    }
    switch (op.type()) {
      case PROVISION -> {
        Optional<StoredInstance> current = store.findInstance(op.instanceId());
        if (current.isPresent()) {
          instance = Finish.RowChange.put(ok
              ? InstanceRecords.applyUpdate(FailedCreateRecords.succeeded(current.get(), payload),
                  payload, now, mapper)
              : failed(op, current.get(), now));
        }
      }
      case UPDATE -> {
        if (ok) {
          Optional<StoredInstance> current = store.findInstance(op.instanceId());
          if (current.isPresent()) {
            instance = Finish.RowChange.put(InstanceRecords.applyUpdate(current.get(), payload,
                now, mapper, fingerprints));
          }
        }
      }
      case DEPROVISION -> instance = ok ? Finish.RowChange.delete() : restoreInstance(op);
      case BIND -> {
        Optional<StoredBinding> current = store.findBinding(op.instanceId(), op.bindingId());
        StoredBinding delivered = null;
        if (ok && current.isPresent() && end.delivered() != null) {
          try {
            delivered = bindings.delivered(current.get(), end.delivered(), op);
          } catch (ServiceBrokerException providerBug) { // logged: failed, as a sync bind's 500
            // one cause is named, without values: the binding was too large to record
            end = OperationOutcome.failed(AnswerJson.tooLarge(providerBug)
                ? AnswerJson.TOO_LARGE_FAILURE : OperationRunner.GENERIC_FAILURE);
            ok = false;
          }
        }
        if (current.isPresent()) {
          binding = Finish.RowChange.put(!ok ? failed(op, current.get()) : succeeded(op,
              delivered != null ? delivered : current.get().withStatus(BindingStatus.READY)));
        }
      }
      case UNBIND -> binding = ok ? Finish.RowChange.delete() : restoreBinding(op);
      default -> throw new IllegalStateException();
    }
    return new Finish(op.id(), owner, op.attempt(), end.status(), end.description(),
        LastOperations.usableAllowed(op.type()) ? end.instanceUsable() : null,
        LastOperations.repeatableAllowed(op.type()) ? end.updateRepeatable() : null, true,
        instance, binding, now);
  }
}

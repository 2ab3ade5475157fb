package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredOperation;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code last_operation} answered from the registry, the same way on every replica. */
final class LastOperations {
  private static final Logger LOG = LoggerFactory.getLogger(LastOperations.class);

  private LastOperations() {}

  /**
   * Finds the operation a poll asks for; an operation whose owner stopped renewing its lease is
   * taken over first, and one the SDK tracks that passed its deadline is ended as failed, so a
   * poll never sees "in progress" forever. A poll without an operation id asks for the latest
   * operation of an instance (binding) that exists: once a synchronous delete removed it (its
   * own operation is not kept, uncovering the one before, say the failed create it mitigated),
   * the poll is answered as for an unknown id; an asynchronous delete that removed it is its
   * latest operation (410), until a synchronous create makes it exist again under the same id
   * (its operation is not kept either): then the poll is answered as for an unknown id too,
   * never 410, which tells the platform to forget what exists. A poll naming an operation gets
   * it while it is kept (late polls).
   *
   * @param operation the operation id the poll names, or null for the latest
   * @throws ServiceBrokerException 404 when there is none
   */
  static StoredOperation find(BrokerServices s, String instanceId, String bindingId,
      String operation) {
    Optional<StoredOperation> found = s.store().findOperation(instanceId, bindingId, operation);
    if (found.isPresent() && found.get().inProgress() && found.get().leaseExpiry() != null
        && found.get().leaseExpiry().isBefore(s.runner().now())) {
      s.runner().maintainNow();
      found = s.store().findOperation(instanceId, bindingId, operation);
    }
    if (found.isPresent() && found.get().externalOperation() == null
        && s.runner().endOverdue(found.get())) {
      found = s.store().findOperation(instanceId, bindingId, operation);
    }
    if (found.isEmpty() || operation == null && outdated(s, found.get())) {
      throw ServiceBrokerException.notFound(bindingId == null
          ? "No operation is known for this service instance."
          : "No operation is known for this service binding.");
    }
    return found.get();
  }

  /**
   * Whether the latest kept operation of a target no longer says how the target is: a finished
   * operation whose target no longer exists, unless it is the asynchronous delete that removed
   * it, and that delete once its target exists again, created by a synchronous request (read
   * only for finished operations: polls of operations in progress, the usual ones, cost no read
   * more).
   */
  private static boolean outdated(BrokerServices s, StoredOperation op) {
    if (op.inProgress()) {
      return false;
    }
    boolean exists = op.bindingId() == null
        ? s.store().findInstance(op.instanceId()).isPresent()
        : s.store().findBinding(op.instanceId(), op.bindingId()).isPresent();
    return op.status() == OperationStatus.SUCCEEDED && op.type().deletes() ? exists : !exists;
  }

  static Response answer(BrokerServices s, StoredOperation op, boolean bindingEndpoint) {
    if (op.status() == OperationStatus.SUCCEEDED && op.type().deletes()) {
      return s.errors().of(410, op.type() == OperationType.UNBIND
          ? "The service binding has been deleted." : "The service instance has been deleted.");
    }
    LastOperation body = switch (op.status()) {
      case IN_PROGRESS -> new LastOperation.InProgress(op.description(),
          withinDeadline(s, op, JsonResponses.seconds(s.retryAfterSeconds())));
      case SUCCEEDED -> new LastOperation.Succeeded(op.description());
      case FAILED -> new LastOperation.Failed(op.description(), op.instanceUsable(),
          op.updateRepeatable());
    };
    return JsonResponses.lastOperation(body, bindingEndpoint);
  }

  /**
   * Records the final answer of a provider-tracked operation, its description too: later polls
   * are answered from the registry.
   */
  static void record(BrokerServices s, StoredOperation op, LastOperation answer) {
    if (answer instanceof LastOperation.Succeeded ok) {
      s.runner().complete(op, new OperationOutcome(OperationStatus.SUCCEEDED, ok.description(),
          null, null), null);
    } else if (answer instanceof LastOperation.Failed f) {
      s.runner().complete(op, new OperationOutcome(OperationStatus.FAILED, f.description(),
          f.instanceUsable(), f.updateRepeatable()), null);
    }
  }

  /**
   * Answers a poll: asks the provider while an operation it tracks is in progress (recording the
   * outcome once final; a 410 for a delete counts as succeeded, any other 4xx but 408 and 429
   * ends it as failed with the exception's description; one still in progress past its deadline,
   * or past it with the provider failing to answer, ends as failed), else answers from the
   * registry.
   *
   * @param op the operation the poll names
   * @param bindingEndpoint whether the binding endpoint asks
   * @param method the {@code ServiceBroker} method asked, for the log
   * @param ctx the request context
   * @param ask calls the provider with its own operation id
   */
  static Response respond(BrokerServices s, StoredOperation op, boolean bindingEndpoint,
      String method, RequestContext ctx, Function<String, LastOperation> ask) {
    if (op.externalOperation() == null || !op.inProgress()) {
      return answer(s, op, bindingEndpoint);
    }
    LastOperation answer;
    try {
      answer = s.answers().requireAnswer(ask.apply(op.externalOperation()), method, ctx);
    } catch (ServiceBrokerException e) {
      if (e.status() == 410 && op.type().deletes()) {
        s.runner().complete(op, OperationOutcome.SUCCEEDED, null);
      } else if (endsTheOperation(e)) {
        // the provider does not know the operation, or refuses it: waiting cannot change that,
        // and an operation kept in progress blocks its instance until the deadline
        LOG.warn("Request {}: {} answered {} for operation {}; it ended as failed: {}",
            ctx.requestId(), method, e.status(), op.id(), LogText.quote(e.getMessage()));
        s.runner().complete(op, new OperationOutcome(OperationStatus.FAILED, e.description(),
            usableAllowed(op.type()) ? e.instanceUsable() : null,
            repeatableAllowed(op.type()) ? e.updateRepeatable() : null), null);
        return answer(s, reread(s, op), bindingEndpoint);
      } else if (s.runner().endOverdue(op)) {
        // the provider cannot say, and the deadline has passed: failed, as if still in progress
        return answer(s, reread(s, op), bindingEndpoint);
      }
      throw s.answers().sanitize(e, false, false, method, ctx);
    } catch (Exception | Error e) { // NOPMD: provider code may throw anything
      if (s.runner().endOverdue(op)) {
        LOG.warn("Request {}: {} failed for operation {} past its deadline; it ended as failed",
            ctx.requestId(), method, op.id(), e);
        return answer(s, reread(s, op), bindingEndpoint);
      }
      throw e;
    }
    LastOperation allowed = allowedFlags(op.type(), answer);
    if (allowed instanceof LastOperation.InProgress && s.runner().endOverdue(op)) {
      return answer(s, reread(s, op), bindingEndpoint);
    }
    record(s, op, allowed);
    if (allowed instanceof LastOperation.InProgress p && p.retryAfter() != null) {
      allowed = p.withRetryAfter(withinDeadline(s, op, p.retryAfter()));
    }
    return JsonResponses.lastOperation(allowed, bindingEndpoint);
  }

  /**
   * The wait a {@code Retry-After} names, cut to the time left until the operation's deadline
   * (its plan's {@code maximum_polling_duration}, else the broker's operation timeout): a
   * platform waiting longer would reach its maximum polling duration before it asks again, and
   * take the operation as failed even when it succeeded meanwhile.
   *
   * @param wait the wait asked for, or null for none
   * @return the wait to send (under 1 s none is sent), or null for none
   */
  private static Duration withinDeadline(BrokerServices s, StoredOperation op, Duration wait) {
    if (wait == null) {
      return null;
    }
    Duration left = s.runner().untilDeadline(op);
    if (left.compareTo(wait) >= 0) {
      return wait;
    }
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * Whether the provider's answer to a poll ends its operation as failed: a 4xx other than 408
   * (Request Timeout) and 429 (Too Many Requests), which say "later", not "never".
   */
  static boolean endsTheOperation(ServiceBrokerException e) {
    return e.status() >= 400 && e.status() < 500 && e.status() != 408 && e.status() != 429;
  }

  /** The operation as stored now (after it ended), or as it was read. */
  private static StoredOperation reread(BrokerServices s, StoredOperation op) {
    return s.store().findOperation(op.instanceId(), op.bindingId(), op.id()).orElse(op);
  }

  /**
   * Drops {@code instance_usable} from answers about operations other than updates and
   * deprovisions, and {@code update_repeatable} from answers about operations other than updates
   * (spec: "MUST NOT be present for operations other than ...").
   */
  static LastOperation allowedFlags(OperationType type, LastOperation answer) {
    boolean usable = usableAllowed(type);
    boolean repeatable = repeatableAllowed(type);
    if (!(answer instanceof LastOperation.Failed f)
        || (usable || f.instanceUsable() == null) && (repeatable || f.updateRepeatable() == null)) {
      return answer;
    }
    return new LastOperation.Failed(f.description(), usable ? f.instanceUsable() : null,
        repeatable ? f.updateRepeatable() : null);
  }

  /** Whether an operation of this type may report {@code instance_usable}. */
  static boolean usableAllowed(OperationType type) {
    return type == OperationType.UPDATE || type == OperationType.DEPROVISION;
  }

  /** Whether an operation of this type may report {@code update_repeatable}. */
  static boolean repeatableAllowed(OperationType type) {
    return type == OperationType.UPDATE;
  }
}

package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.core.internal.metrics.RegistryAnswer;
import io.github.osbsdk.broker.core.store.Begin;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredOperation;
import jakarta.ws.rs.core.Response;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What deprovision and unbind share once their operation is begun or refused: joining a running
 * asynchronous delete of the same target, and the provider call with its bookkeeping (a 410 from
 * the provider counts as deleted, any other failure restores the row as it was).
 */
final class Deletes {
  /** How many times {@link #begin} begins a delete before it answers 422. */
  static final int BEGIN_ATTEMPTS = 3;

  private Deletes() {}

  /**
   * Begins a deprovision or an unbind ({@link OperationRunner#begin}). Its operation records the
   * status its row had, which an undo without the request restores (the replica stopped during
   * the provider's call, the store refused the answer, the provider named an unknown step). That
   * status is read before the begin, and an operation on the row may end in between (a
   * concurrent delete the provider refused, a provision that finished): restored, the status read
   * would have nothing running for it (DEPROVISIONING or PROVISIONING for ever, every later
   * delete refused). So when the begin found another status than the one recorded, the operation
   * is withdrawn at once ({@link OperationRunner#withdraw}: not counted, no delete ran), restoring
   * the row as the begin found it, and begun again recording that status; after
   * {@value #BEGIN_ATTEMPTS} attempts the platform gets 422 ConcurrencyError. A repeat of the same
   * synchronous delete in the way is waited for briefly ({@link Repeats#sameChangeAgain}): one of
   * the same {@code service_id}, whatever {@code plan_id} and {@code accepts_incomplete} it named
   * ({@link Fingerprints#sameDeletion}).
   *
   * @param type the delete's operation type
   * @param make makes the delete's operation, recording a status to restore
   * @param read the status of the row as read before
   * @param found the status of the row as the begin found it
   * @param undo withdraws a begun operation, restoring the row as the begin found it
   * @return the operation begun (or not) and the store's answer
   * @throws ServiceBrokerException 422 ConcurrencyError when the status kept changing
   */
  static OperationRunner.Begun begin(BrokerServices s, OperationType type,
      Function<String, StoredOperation> make, String read, Function<Begin.Started, String> found,
      BiConsumer<StoredOperation, Begin.Started> undo) {
    OperationRunner runner = s.runner();
    long deadline = Repeats.deadline(s);
    String status = read;
    for (int attempt = 1; ; ) {
      String recorded = status;
      OperationRunner.Begun begun = runner.begin(make.apply(recorded), () -> make.apply(recorded));
      if (begun.begin() instanceof Begin.Busy busy
          && Repeats.sameChangeAgain(s, begun.op(), busy.running(),
              running -> Fingerprints.sameDeletion(running.fingerprint(), begun.op().fingerprint()),
              deadline)) {
        continue;
      }
      if (!(begun.begin() instanceof Begin.Started started)) {
        return begun;
      }
      status = found.apply(started);
      if (status.equals(runner.previousStatus(begun.op()))) {
        return begun;
      }
      undo.accept(begun.op(), started);
      if (attempt++ == BEGIN_ATTEMPTS) {
        Repeats.count(s, type, RegistryAnswer.CONCURRENCY);
        throw type == OperationType.UNBIND ? Repeats.bindingConcurrencyError()
            : ServiceBrokerException.concurrencyError();
      }
    }
  }

  /** Records a synchronous delete's effect on its row. */
  @FunctionalInterface
  interface RowEffect {
    /**
     * Finishes the operation.
     *
     * @param outcome how it ended
     * @param deleted whether the row goes (else it is restored as it was before the delete)
     */
    void finish(OperationOutcome outcome, boolean deleted);
  }

  /**
   * Answers a delete that found another operation running: a repeat of a running asynchronous
   * delete of the same target joins it (202 with its operation), anything else is refused.
   *
   * @param type the delete's operation type
   * @param running what runs, or null when not known
   * @param sameTarget whether {@code running} works on the delete's own target
   * @throws ServiceBrokerException 422 AsyncRequired or ConcurrencyError
   */
  static Response joinOrRefuse(BrokerServices s, OperationType type, StoredOperation running,
      boolean sameTarget, boolean acceptsIncomplete) {
    if (running != null && running.type() == type && running.async() && sameTarget) {
      if (!acceptsIncomplete) {
        throw ServiceBrokerException.asyncRequired();
      }
      Repeats.count(s, type, RegistryAnswer.REPEAT_IN_PROGRESS);
      return JsonResponses.json(202, new WireBodies.Operation(running.id()));
    }
    Repeats.count(s, type, RegistryAnswer.CONCURRENCY);
    // an unbind waits for its binding's own operation (or status), or for the instance's
    boolean onBinding = type == OperationType.UNBIND
        && (running == null || running.bindingId() != null);
    throw onBinding ? Repeats.bindingConcurrencyError()
        : ServiceBrokerException.concurrencyError();
  }

  /**
   * Calls the provider for a begun delete and answers: 200 when it deleted at once, 202 with the
   * operation when it accepted asynchronous work.
   *
   * @param <R> the provider's result type
   * @param op the begun operation
   * @param plan the target's recorded plan ({@link CatalogSnapshot#planToDelete}; its timeout
   *     bounds asynchronous work)
   * @param method the {@code ServiceBroker} method, for the log
   * @param usableAllowed whether the error may carry {@code instance_usable}
   * @param call calls the provider
   * @param asyncWork the work of an asynchronous answer, null for a synchronous one
   * @param previousStatus the row's status before the delete, restored should the work fail
   * @param rows records a synchronous outcome
   */
  static <R> Response callProvider(BrokerServices s, StoredOperation op, Plan plan,
      String method, boolean acceptsIncomplete, boolean usableAllowed, RequestContext ctx,
      Supplier<R> call, Function<R, AsyncWork> asyncWork, String previousStatus,
      RowEffect rows) {
    R r;
    try {
      r = call.get();
      s.answers().requireAnswer(r, method, ctx);
      AsyncWork work = asyncWork.apply(r);
      if (work != null) {
        s.answers().requireAsyncAccepted(acceptsIncomplete, work, method, ctx);
      }
    } catch (ServiceBrokerException e) {
      if (e.status() == 410) {
        rows.finish(OperationOutcome.SUCCEEDED, true);
      } else {
        rows.finish(OperationOutcome.failed(e.description()), false);
      }
      throw s.answers().sanitize(e, usableAllowed, false, method, ctx);
    } catch (Exception | Error e) {
      rows.finish(OperationOutcome.failed(OperationRunner.GENERIC_FAILURE), false);
      throw e;
    }
    AsyncWork work = asyncWork.apply(r);
    if (work == null) {
      rows.finish(OperationOutcome.SUCCEEDED, true);
      return JsonResponses.json(200, new WireBodies.Operation(null));
    }
    OperationRunner runner = s.runner();
    String id = runner.accept(op, work, runner.previousStatusPayload(previousStatus),
        runner.timeout(plan));
    return JsonResponses.json(202, new WireBodies.Operation(id));
  }
}

package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.AsyncTask;
import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ResumableStep;
import io.github.osbsdk.broker.api.StepContext;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindStep;
import io.github.osbsdk.broker.api.internal.BindingTask;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.util.Map;

/**
 * Runs the task or step of an asynchronous operation once, and says whether an operation may run
 * it: work that delivers a binding ({@code BindResult.accepted(BindTask)}, a {@link BindStep})
 * belongs to binds only; what it delivers becomes the operation's outcome, recorded with its
 * success ({@link OperationEffects#asyncFinish}).
 */
final class DeliveringWork {
  private DeliveringWork() {}

  /**
   * Why an operation cannot run this work: work that delivers a binding, for an operation other
   * than a bind.
   *
   * @param op the operation
   * @param work the provider's work
   * @param steps the registered steps
   * @return the provider bug, or null when the operation may run the work
   */
  static String misuse(StoredOperation op, AsyncWork work, Map<String, ResumableStep> steps) {
    if (op.type() == OperationType.BIND) {
      return null;
    }
    if (work instanceof AsyncWork.Step step && steps.get(step.name()) instanceof BindStep) {
      return "the resumable step " + LogText.quote(step.name()) + " is a BindStep, which"
          + " delivers a binding: only a bind can run it, not a " + typeName(op);
    }
    if (work instanceof AsyncWork.Task task && task.task() instanceof BindingTask) {
      return "the work of BindResult.accepted(BindTask) delivers a binding: only a bind can run"
          + " it, not a " + typeName(op);
    }
    return null;
  }

  /**
   * Runs a task.
   *
   * @param op the operation
   * @param task the task
   * @param errors where a provider bug is logged
   * @return the outcome of a task that returned
   * @throws Exception what the task threw
   */
  static OperationOutcome task(StoredOperation op, AsyncTask task, OperationErrorLog errors)
      throws Exception {
    if (task instanceof BindingTask delivering && op.type() == OperationType.BIND) {
      return delivered(op, delivering.task().bind(), errors);
    }
    task.run();
    return OperationOutcome.SUCCEEDED;
  }

  /**
   * Runs a step.
   *
   * @param op the operation
   * @param step the registered step
   * @param context what the step is told
   * @param errors where a provider bug is logged
   * @return the outcome of a step that returned
   * @throws Exception what the step threw
   */
  static OperationOutcome step(StoredOperation op, ResumableStep step, StepContext context,
      OperationErrorLog errors) throws Exception {
    if (step instanceof BindStep delivering && op.type() == OperationType.BIND) {
      return delivered(op, delivering.bind(context), errors);
    }
    step.run(context);
    return OperationOutcome.SUCCEEDED;
  }

  private static OperationOutcome delivered(StoredOperation op, BindResult.Bound binding,
      OperationErrorLog errors) {
    if (binding == null) {
      errors.implementationError(op, "null binding", "the work of asynchronous bind operation "
          + op.id() + " returned null instead of the binding it delivers (BindResult.bound);"
          + " the operation is recorded as failed");
      return OperationOutcome.failed(OperationRunner.GENERIC_FAILURE);
    }
    return OperationOutcome.delivered(binding);
  }

  private static String typeName(StoredOperation op) {
    return op.type().name().toLowerCase(java.util.Locale.ROOT);
  }
}

package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.AsyncTask;
import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ResumableStep;
import io.github.osbsdk.broker.api.StepContext;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindStep;
import io.github.osbsdk.broker.api.internal.BindingTask;
import io.github.osbsdk.broker.core.internal.OperationRunner.Outcome;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the task or step of an asynchronous operation once, and says whether an operation may run
 * it: work that delivers a binding ({@code BindResult.accepted(BindTask)}, a {@link BindStep})
 * belongs to binds only; what it delivers becomes the operation's outcome, recorded with its
 * success ({@link OperationEffects#asyncFinish}).
 */
final class DeliveringWork {
  /** The runner's: its log lines keep their category. */
  private static final Logger LOG = LoggerFactory.getLogger(OperationRunner.class);

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
   * @return the outcome of a task that returned
   * @throws Exception what the task threw
   */
  static Outcome task(StoredOperation op, AsyncTask task) throws Exception {
    if (task instanceof BindingTask delivering && op.type() == OperationType.BIND) {
      return delivered(op, delivering.task().bind());
    }
    task.run();
    return Outcome.SUCCEEDED;
  }

  /**
   * Runs a step.
   *
   * @param op the operation
   * @param step the registered step
   * @param context what the step is told
   * @return the outcome of a step that returned
   * @throws Exception what the step threw
   */
  static Outcome step(StoredOperation op, ResumableStep step, StepContext context)
      throws Exception {
    if (step instanceof BindStep delivering && op.type() == OperationType.BIND) {
      return delivered(op, delivering.bind(context));
    }
    step.run(context);
    return Outcome.SUCCEEDED;
  }

  private static Outcome delivered(StoredOperation op, BindResult.Bound binding) {
    if (binding == null) {
      LOG.error("Request {}: ServiceBroker implementation error: the work of asynchronous bind"
          + " operation {} returned null instead of the binding it delivers (BindResult.bound);"
          + " the operation is recorded as failed", op.requestId(), op.id());
      return Outcome.failed(OperationRunner.GENERIC_FAILURE);
    }
    return Outcome.delivered(binding);
  }

  private static String typeName(StoredOperation op) {
    return op.type().name().toLowerCase(java.util.Locale.ROOT);
  }
}

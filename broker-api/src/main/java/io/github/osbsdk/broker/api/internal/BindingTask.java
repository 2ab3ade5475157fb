package io.github.osbsdk.broker.api.internal;

import io.github.osbsdk.broker.api.AsyncTask;
import io.github.osbsdk.broker.api.binding.BindTask;
import java.util.Objects;

/**
 * The {@link AsyncTask} behind {@code BindResult.accepted(BindTask)}: the SDK calls
 * {@link #task()} to get the binding it delivers; {@link #run()} drops it.
 */
public final class BindingTask implements AsyncTask {
  private final BindTask task;

  /**
   * Wraps a bind task.
   *
   * @param task the task
   */
  public BindingTask(BindTask task) {
    this.task = Objects.requireNonNull(task, "task == null");
  }

  /** @return the bind task */
  public BindTask task() {
    return task;
  }

  @Override
  public void run() throws Exception {
    task.bind();
  }

  @Override
  public String toString() {
    return "BindingTask[" + task + "]";
  }
}

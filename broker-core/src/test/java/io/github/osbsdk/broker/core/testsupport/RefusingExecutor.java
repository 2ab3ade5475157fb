package io.github.osbsdk.broker.core.testsupport;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An executor that, once told to ({@link #refuseNext}), refuses the next task it is handed, as a
 * full one does (a {@link RejectedExecutionException}); it runs every other task on its threads.
 */
public final class RefusingExecutor extends ThreadPoolExecutor {
  /** Set: what runs just before the next task is refused. */
  private final AtomicReference<Runnable> beforeRefusal = new AtomicReference<>();

  /** @param threads how many threads run the tasks it takes */
  public RefusingExecutor(int threads) {
    super(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
  }

  /**
   * Refuses the next task handed to it.
   *
   * @return this executor
   */
  public RefusingExecutor refuseNext() {
    return refuseNext(() -> { });
  }

  /**
   * Refuses the next task handed to it, after running {@code beforeRefusal} on that thread.
   *
   * @param beforeRefusal what happens just before the refusal (a store going down, say)
   * @return this executor
   */
  public RefusingExecutor refuseNext(Runnable beforeRefusal) {
    this.beforeRefusal.set(beforeRefusal);
    return this;
  }

  @Override
  public void execute(Runnable command) {
    Runnable refusal = beforeRefusal.getAndSet(null);
    if (refusal != null) {
      refusal.run();
      throw new RejectedExecutionException("full");
    }
    super.execute(command);
  }
}

package io.github.osbsdk.broker.core.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The default executor of asynchronous operations: bounded pool and queue, daemon threads. */
public final class DefaultOperationExecutor {
  private DefaultOperationExecutor() {}

  /**
   * A factory of daemon threads for the broker's own single threads.
   *
   * @param prefix the thread name's start
   * @param replicaId the replica's id, whose first 8 characters end the name
   * @return the factory
   */
  static ThreadFactory daemonThreads(String prefix, String replicaId) {
    String name = prefix + replicaId.substring(0, Math.min(8, replicaId.length()));
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Creates the executor a broker uses when its builder was given none.
   *
   * @return 8 threads at most (idle ones time out), 1,000 queued tasks at most
   */
  public static ExecutorService boundedDaemonPool() {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "osb-async-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    ThreadPoolExecutor pool = new ThreadPoolExecutor(8, 8, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(1000), factory, new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}

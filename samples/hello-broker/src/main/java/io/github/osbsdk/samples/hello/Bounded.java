package io.github.osbsdk.samples.hello;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A shutdown step that gets a bounded time: {@link HelloServer#close()}. */
final class Bounded {
  private static final Logger LOG = LoggerFactory.getLogger(Bounded.class);

  private Bounded() {}

  /**
   * Runs a step in a daemon thread and waits for it up to {@code share} or until
   * {@code deadline}, whichever comes first; a step still running then is left to the JVM's
   * exit, and the log says so.
   *
   * @param name the step, for the thread and the log
   * @param step the step
   * @param share the longest it gets
   * @param deadline the {@link System#nanoTime()} by which the whole shutdown ends
   * @return whether the step ended in time
   */
  static boolean run(String name, Runnable step, Duration share, long deadline) {
    long wait = Math.min(share.toNanos(), deadline - System.nanoTime());
    CountDownLatch done = new CountDownLatch(1);
    Thread t = new Thread(() -> {
      try {
        step.run();
      } catch (RuntimeException e) {
        LOG.warn("Shutdown: closing the {} failed: {}", name, e.toString());
      } finally {
        done.countDown();
      }
    }, "hello-broker-close-" + name);
    t.setDaemon(true);
    t.start();
    try {
      if (wait > 0 && done.await(wait, TimeUnit.NANOSECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.warn("Shutdown: closing the {} did not end within {} ms; not waiting any longer",
        name, TimeUnit.NANOSECONDS.toMillis(Math.max(wait, 0)));
    return false;
  }
}

package io.github.osbsdk.broker.core.testsupport;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holds one provider call until the test releases it, so that a request stays running while the
 * test sends another: the test arms it ({@link #holdNext}), the provider passes each call through
 * it ({@link #pass}), the test waits until the call is held ({@link #awaitHeld}), then
 * {@link #release}s it. Every wait is bounded, so a broken test fails instead of hanging.
 */
public final class HeldCall {
  private final AtomicBoolean armed = new AtomicBoolean();
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  /** The next call that {@link #pass}es is held. */
  public void holdNext() {
    armed.set(true);
  }

  /**
   * Called by the provider: when armed, holds this call until released (at most 30 s).
   *
   * @return whether this call was the one held
   */
  public boolean pass() {
    if (!armed.getAndSet(false)) {
      return false;
    }
    held.countDown();
    try {
      released.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  /**
   * Waits until a call is held (at most 10 s).
   *
   * @return whether one is
   * @throws InterruptedException when interrupted
   */
  public boolean awaitHeld() throws InterruptedException {
    return held.await(10, TimeUnit.SECONDS);
  }

  /** Lets the held call go on, and every later one. */
  public void release() {
    released.countDown();
  }
}

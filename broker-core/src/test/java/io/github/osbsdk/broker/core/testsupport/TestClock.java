package io.github.osbsdk.broker.core.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;

/**
 * A clock tests move by hand: it stands still until told to move. It can also hold one thread
 * inside its next read of the time ({@link #holdThisThread}), to stop that thread at an exact
 * point of a race. Shared with broker-iam's and broker-metering's tests through this module's
 * test jar.
 */
public final class TestClock extends Clock {
  /** Counted down when the thread held by {@link #holdThisThread} reads the time. */
  public final CountDownLatch held = new CountDownLatch(1);
  /** Lets the held thread go on. */
  public final CountDownLatch release = new CountDownLatch(1);
  private volatile Instant now;
  private volatile Thread gated;

  /** Creates a clock that starts at the real time. */
  public TestClock() {
    this(Instant.now());
  }

  /**
   * Creates a clock.
   *
   * @param start the first time
   */
  public TestClock(Instant start) {
    this.now = start;
  }

  /**
   * Moves the clock.
   *
   * @param by how far
   */
  public void advance(Duration by) {
    now = now.plus(by);
  }

  /**
   * Sets the clock.
   *
   * @param to the time
   */
  public void set(Instant to) {
    now = to;
  }

  /** The calling thread stops in its next read of the time until {@link #release}. */
  public void holdThisThread() {
    gated = Thread.currentThread();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    if (Thread.currentThread() == gated) {
      gated = null;
      held.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return now;
  }

  @Override
  public long millis() {
    return instant().toEpochMilli();
  }
}

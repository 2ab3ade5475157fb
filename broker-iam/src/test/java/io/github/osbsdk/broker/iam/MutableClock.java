package io.github.osbsdk.broker.iam;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;

/**
 * A test clock that starts at the real time and moves only when told. It can also hold one
 * thread inside its next read of the time ({@link #holdThisThread}), to stop that thread at an
 * exact point of a race.
 */
final class MutableClock extends Clock {
  /** Counted down when the held thread reads the time. */
  final CountDownLatch held = new CountDownLatch(1);
  /** Lets the held thread go on. */
  final CountDownLatch release = new CountDownLatch(1);
  private volatile Instant now = Instant.now();
  private volatile Thread gated;

  void advance(Duration d) {
    now = now.plus(d);
  }

  /** The calling thread stops in its next read of the time until {@link #release}. */
  void holdThisThread() {
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

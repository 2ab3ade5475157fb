package io.github.osbsdk.broker.metering;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand. */
public final class TestClock extends Clock {
  private volatile Instant now;

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
    return now;
  }
}

package io.github.osbsdk.broker.core.internal.time;

import java.time.Instant;

/**
 * One reading of a store's shared clock ({@code BrokerStore.sharedTime()}, a database server's)
 * placed on this JVM's monotonic clock ({@code System.nanoTime()}, or a test's): the shared time
 * at a later moment is the time read plus what the monotonic clock counted since. A step of the
 * wall clock (an NTP correction, a VM resumed) does not move it. The SDK writes leases with it
 * (broker-core's {@code SharedClock}) and broker-store-jdbc judges the leases of its copies of
 * operations in progress with it, so both follow one clock. Not API.
 *
 * @param sharedMillis the shared clock's time read, in milliseconds since the epoch
 * @param atNanos the monotonic time it counts as read at: the midpoint of the call
 */
public record SharedTimeReading(long sharedMillis, long atNanos) {
  private static final long NANOS_PER_MILLI = 1_000_000L;

  /**
   * The reading of a call: its midpoint counts as the moment the clock was read, so its round
   * trip bounds the error by half of it.
   *
   * @param shared the shared clock's answer
   * @param beforeNanos the monotonic time the call started at
   * @param afterNanos the monotonic time its answer came at
   * @return the reading
   */
  public static SharedTimeReading of(Instant shared, long beforeNanos, long afterNanos) {
    return new SharedTimeReading(shared.toEpochMilli(),
        beforeNanos + (afterNanos - beforeNanos) / 2);
  }

  /**
   * The shared time at a moment of the monotonic clock.
   *
   * @param nanos the monotonic time
   * @return the shared time then, to the millisecond
   */
  public Instant at(long nanos) {
    return Instant.ofEpochMilli(sharedMillis + Math.floorDiv(nanos - atNanos, NANOS_PER_MILLI));
  }
}

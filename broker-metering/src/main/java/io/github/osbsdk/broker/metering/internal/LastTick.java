package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.MeterCount;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last tick of a closing meter: a persist that fails (the outbox is down, or a merge's
 * outcome is unknown) is tried again, pausing {@value #FIRST_PAUSE_MILLIS} ms doubling to
 * {@value #MAX_PAUSE_MILLIS} ms, until a deadline (of {@link System#nanoTime}); counts still in
 * memory then are lost with the process, which is logged as an ERROR naming how many counts of
 * how many windows.
 */
final class LastTick {
  /** The ticker's logger, as before this moved here: log configuration keeps working. */
  private static final Logger LOG = LoggerFactory.getLogger(MeterTicker.class);
  static final long FIRST_PAUSE_MILLIS = 50;
  static final long MAX_PAUSE_MILLIS = 1000;

  private LastTick() {
  }

  /**
   * Runs the last tick.
   *
   * @param ticker the meter's ticker
   * @param deadlineNanos when to give up
   * @return how many records were queued
   */
  static int run(MeterTicker ticker, long deadlineNanos) {
    int records = ticker.tick();
    for (long pause = FIRST_PAUSE_MILLIS; !ticker.settled(); pause = Math.min(2 * pause,
        MAX_PAUSE_MILLIS)) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        Thread.sleep(Math.max(1, Math.min(pause, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      records += ticker.tick();
    }
    List<MeterCount> lost = ticker.unpersisted();
    if (!lost.isEmpty()) {
      LOG.error("usage meter closed with {} count(s) of {} window(s) not persisted (the outbox"
          + " failed until the flush timeout): that usage is lost and will not be billed",
          lost.size(), lost.stream().map(Windows::of).distinct().count());
    }
    return records;
  }
}

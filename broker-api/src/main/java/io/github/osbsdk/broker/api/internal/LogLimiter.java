package io.github.osbsdk.broker.api.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line of a kind through per interval, so that a fault repeated on every request or
 * every retry (IAM down, a store unavailable, a wrong API key, a client sending junk) is logged
 * now and then instead of once per event. The events held back are counted, and the next line
 * let through says how many with {@link Decision#note()}, so nothing is lost without a trace:
 * the caller logs a held-back event at DEBUG at most.
 *
 * <pre>{@code
 * LogLimiter.Decision d = storeWarnings.tryLog();
 * LOG.atLevel(d.logs() ? Level.WARN : Level.DEBUG)
 *     .log("Request {}: the state store is unavailable{}", requestId, d.note());
 * }</pre>
 *
 * <p>The first event logs at once, and so does the first after {@link #reset()}. A clock that
 * goes back before the last line let through lets the next event through (and starts the
 * interval again from there), so that a clock step never silences a fault for long.
 *
 * <p>Thread-safe and lock-free: a held-back event costs one clock read and two atomic
 * operations. Every held-back event is counted in exactly one line's note; one held back by
 * another thread at the very moment a line is let through may be counted in that line's
 * note rather than the next one's. The SDK's modules log through SLF4J; this class only
 * decides, so that the API module depends on no logging library.
 */
public final class LogLimiter {
  /** The state of a limiter whose next event is let through whenever it comes. */
  private static final long OPEN = Long.MIN_VALUE;

  private final long intervalMillis;
  private final Clock clock;
  /** When the last line was let through (clock millis); {@link #OPEN} lets the next one. */
  private final AtomicLong gate = new AtomicLong(OPEN);
  /** When the last line was let through, kept across {@link #reset()} for the note. */
  private volatile long lastLineAt = OPEN;
  private final AtomicLong suppressed = new AtomicLong();

  /**
   * Creates a limiter.
   *
   * @param interval the least time between two lines let through, positive
   * @param clock the clock the interval is measured on (tests inject their own)
   */
  public LogLimiter(Duration interval, Clock clock) {
    Objects.requireNonNull(interval, "interval == null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    this.intervalMillis = interval.toMillis() == 0 ? 1 : interval.toMillis();
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * Asks to log an event now.
   *
   * @return whether to log it at its level ({@link Decision#logs()}; else at DEBUG at most, and
   *     it is counted) and the note to append to it
   */
  public Decision tryLog() {
    // the gate is read before the clock: a thread that sees another's line let through reads a
    // time no earlier than that line's, so it cannot take its own time for a clock gone back
    long last = gate.get();
    long now = clock.millis();
    if ((last == OPEN || now - last >= intervalMillis || now < last)
        && gate.compareAndSet(last, now)) {
      long since = lastLineAt;
      lastLineAt = now;
      long held = suppressed.getAndSet(0);
      return held == 0 ? Decision.LOGS
          : new Decision(true, held, since == OPEN ? null : Instant.ofEpochMilli(since));
    }
    suppressed.incrementAndGet();
    return Decision.HELD_BACK;
  }

  /**
   * Lets the next event through whenever it comes (after a recovery, for a new fault); the
   * events held back so far are still counted in that line.
   */
  public void reset() {
    if (gate.get() != OPEN) { // no write, no contention, when nothing is to reset
      gate.set(OPEN);
    }
  }

  /**
   * How many events were held back since the last line let through.
   *
   * @return the count
   */
  public long suppressed() {
    return suppressed.get();
  }

  /** Whether an event is logged, and what its line says of the events held back before it. */
  public static final class Decision {
    static final Decision LOGS = new Decision(true, 0, null);
    static final Decision HELD_BACK = new Decision(false, 0, null);

    private final boolean logs;
    private final long suppressed;
    private final Instant since;

    private Decision(boolean logs, long suppressed, Instant since) {
      this.logs = logs;
      this.suppressed = suppressed;
      this.since = since;
    }

    /**
     * Whether the event is let through: log it at its own level; else at DEBUG at most.
     *
     * @return true when let through
     */
    public boolean logs() {
      return logs;
    }

    /**
     * How many events were held back since the previous line let through.
     *
     * @return the count, 0 for an event held back itself
     */
    public long suppressed() {
      return suppressed;
    }

    /**
     * When the previous line was let through.
     *
     * @return the time, null when no event was held back or no line came before
     */
    public Instant since() {
      return since;
    }

    /**
     * What to append to the logged line so that the events held back are not lost.
     *
     * @return {@code " (N similar suppressed since T)"}, or an empty text when none was (and for
     *     an event held back itself)
     */
    public String note() {
      if (suppressed == 0) {
        return "";
      }
      return " (" + suppressed + " similar suppressed" + (since == null ? "" : " since " + since)
          + ")";
    }

    @Override
    public String toString() {
      return logs ? "logs" + note() : "held back";
    }
  }
}

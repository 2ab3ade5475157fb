package io.github.osbsdk.broker.iam.internal;

import io.github.osbsdk.broker.api.internal.LogLimiter;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs a line that a fault repeated on every request or call would flood the log with, through
 * a {@link LogLimiter}: at its level when the limiter lets it through, the count of the lines
 * held back since the previous one appended; else at DEBUG.
 */
public final class LimitedLog {
  private LimitedLog() {
  }

  /**
   * Logs a line, rate-limited.
   *
   * @param log the logger
   * @param limiter the limiter of this kind of line
   * @param level the level of a line let through
   * @param format the SLF4J format; the note on held-back lines is appended to it
   * @param args the format's arguments (no {@link Throwable}: quote its message)
   */
  public static void log(Logger log, LogLimiter limiter, Level level, String format,
      Object... args) {
    LogLimiter.Decision d = limiter.tryLog();
    Object[] withNote = Arrays.copyOf(args, args.length + 1);
    withNote[args.length] = d.note();
    log.atLevel(d.logs() ? level : Level.DEBUG).log(format + "{}", withNote);
  }
}

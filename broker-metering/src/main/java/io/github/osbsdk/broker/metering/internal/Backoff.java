package io.github.osbsdk.broker.metering.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt n waits a random time between half and all of
 * {@code min(max, initial * 2^n)}, and never less than a {@code Retry-After} the server sent,
 * up to {@link #RETRY_AFTER_CAP} (or the longest wait, if that is longer): an absurd
 * {@code Retry-After} must neither strand records for years nor overflow.
 */
public final class Backoff {
  /** The longest {@code Retry-After} honoured when the longest wait is shorter. */
  public static final Duration RETRY_AFTER_CAP = Duration.ofHours(1);

  private final Duration initial;
  private final Duration max;

  /**
   * Creates the policy.
   *
   * @param initial the first wait
   * @param max the longest wait
   */
  public Backoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /**
   * Returns the next attempt time.
   *
   * @param now the current time
   * @param attempts earlier attempts of the record
   * @param retryAfter the server's {@code Retry-After}, if any
   * @return when to try again
   */
  public Instant next(Instant now, int attempts, Optional<Duration> retryAfter) {
    long cap = max.toMillis();
    long base = initial.toMillis() << Math.min(attempts, 30);
    long wait = base <= 0 || base > cap ? cap : base;
    long jittered = wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1);
    Duration ceiling = max.compareTo(RETRY_AFTER_CAP) > 0 ? max : RETRY_AFTER_CAP;
    long floor = retryAfter.map(d -> d.compareTo(ceiling) > 0 ? ceiling : d)
        .map(Duration::toMillis).orElse(0L);
    return now.plusMillis(Math.max(jittered, floor));
  }

  /**
   * Returns the time after the longest wait (with jitter): for a record no attempt was counted
   * for, which a sender leaves to another one.
   *
   * @param now the current time
   * @return when to look at it again
   */
  public Instant longest(Instant now) {
    return next(now, Integer.MAX_VALUE, Optional.empty());
  }

  /**
   * Parses a {@code Retry-After} header: delta-seconds or an HTTP date.
   *
   * @param value the header value, may be null
   * @param now the current time
   * @return the wait, if the header is present and valid
   */
  public static Optional<Duration> parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }
}

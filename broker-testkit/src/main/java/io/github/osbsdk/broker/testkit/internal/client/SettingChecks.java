package io.github.osbsdk.broker.testkit.internal.client;

import java.time.Duration;

/**
 * The range checks of the numbers and durations that {@code ConformanceSuite.Builder} and
 * {@code OsbClientBuilder} take: a value out of range is refused with a message that names the
 * setting and its allowed range.
 */
public final class SettingChecks {
  private SettingChecks() {}

  /**
   * @param setting the builder method, e.g. {@code requestTimeout}
   * @param what what the value is, e.g. "the request timeout"
   * @param value the value
   * @param max the longest allowed
   * @return {@code value}
   * @throws IllegalArgumentException unless {@code value} is positive and at most {@code max}
   */
  public static Duration positiveAtMost(String setting, String what, Duration value, Duration max) {
    if (value.isZero() || value.isNegative() || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(setting + ": " + what
          + " must be positive and at most " + describe(max) + ": " + value);
    }
    return value;
  }

  /**
   * @param setting the builder method, e.g. {@code parallelism}
   * @param what what the value counts, e.g. "the number of checks at once"
   * @param value the value
   * @param max the largest allowed
   * @return {@code value}
   * @throws IllegalArgumentException unless {@code value} is from 1 to {@code max}
   */
  public static int oneTo(String setting, String what, int value, int max) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(setting + ": " + what + " must be from 1 to " + max
          + ": " + value);
    }
    return value;
  }

  /** "24 hours" for a whole number of hours, else the ISO-8601 form ("PT1M30S"). */
  private static String describe(Duration d) {
    boolean wholeHours = d.toHours() > 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0
        && d.toNanosPart() == 0;
    return !wholeHours ? d.toString() : d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
  }
}

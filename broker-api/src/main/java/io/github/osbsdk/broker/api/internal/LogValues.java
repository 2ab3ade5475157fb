package io.github.osbsdk.broker.api.internal;

import io.github.osbsdk.broker.api.internal.TextEscaper.Characters;
import io.github.osbsdk.broker.api.internal.TextEscaper.CutMark;

/**
 * Makes outside text safe to put in a log line of broker-iam or broker-metering: values a client
 * controls (ids, headers, {@code kid}, issuer, reason strings, redirect targets, exception
 * messages that may repeat them), the messages of failures (an outbox's driver repeating what its
 * database said, a listener's, a meter's) and ids kept by another replica. The value is
 * quoted, {@code "} and {@code \} are escaped, and every character that could end the line or
 * disguise what follows (control characters, Unicode line and paragraph separators, bidi
 * controls) becomes a {@code \}{@code uXXXX} escape, so a newline in a value can never forge a
 * log line. Secrets in URLs are masked: user info and every query parameter's value
 * ({@code https://***@host/path?token=***}). Long values are cut, with the length noted. The
 * policy of the SDK's shared {@link TextEscaper}.
 *
 * <pre>{@code
 * LOG.debug("token refused: kid {}", LogValues.quote(kid));
 * }</pre>
 */
public final class LogValues {
  /** The most characters of one value that are logged. */
  public static final int MAX_CHARS = 200;
  private static final TextEscaper VALUES = new TextEscaper(
      Characters.UNSAFE_AND_SURROGATES, MAX_CHARS, CutMark.length("chars"));

  private LogValues() {
  }

  /**
   * Quotes and escapes a value for a log line.
   *
   * @param value the value, may be null
   * @return {@code null} (unquoted) for null, else the value's text in double quotes with
   *     secrets of URLs masked, {@code "}, {@code \} and unsafe characters escaped, cut after
   *     {@link #MAX_CHARS} characters
   */
  public static String quote(Object value) {
    return VALUES.quote(value);
  }

  /**
   * Quotes a {@link Throwable}'s message, never its stack trace or cause chain.
   *
   * @param error the failure, may be null
   * @return its class's simple name and its quoted message
   */
  public static String quoteMessage(Throwable error) {
    if (error == null) {
      return "null";
    }
    return error.getClass().getSimpleName() + " " + quote(error.getMessage());
  }
}

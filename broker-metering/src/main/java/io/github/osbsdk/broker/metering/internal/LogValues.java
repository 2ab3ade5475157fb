package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.api.internal.TextEscaper;
import io.github.osbsdk.broker.api.internal.TextEscaper.Characters;
import io.github.osbsdk.broker.api.internal.TextEscaper.CutMark;

/**
 * Makes outside text safe to put in a metering log line: the messages of failures (an outbox's
 * driver repeating what its database said, a listener's, a meter's) and ids kept by another
 * replica. The value is quoted, {@code "} and {@code \} are escaped, and every character that
 * could end the line or disguise what follows (control characters such as CR and LF, Unicode
 * line and paragraph separators, bidi controls) becomes a {@code \}{@code uXXXX} escape, so a
 * line break in a message can never forge a log line. Secrets in URLs are masked and long values
 * cut, with the length noted. The policy of the SDK's shared {@link TextEscaper}, as
 * broker-iam's log lines use it.
 */
final class LogValues {
  /** The most characters of one value that are logged. */
  static final int MAX_CHARS = 200;
  private static final TextEscaper VALUES = new TextEscaper(
      Characters.UNSAFE_AND_SURROGATES, MAX_CHARS, CutMark.length("chars"));

  private LogValues() {
  }

  /**
   * Quotes and escapes a value for a log line.
   *
   * @param value the value, may be null
   * @return {@code null} (unquoted) for null, else the value's text in double quotes, escaped
   *     and cut as the class says
   */
  static String quote(Object value) {
    return VALUES.quote(value);
  }

  /**
   * Quotes a failure's message, never its stack trace or cause chain.
   *
   * @param error the failure, may be null
   * @return its class's simple name and its quoted message
   */
  static String quoteMessage(Throwable error) {
    if (error == null) {
      return "null";
    }
    return error.getClass().getSimpleName() + " " + quote(error.getMessage());
  }
}

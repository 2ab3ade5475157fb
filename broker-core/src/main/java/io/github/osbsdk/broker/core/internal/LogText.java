package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.internal.TextEscaper;
import io.github.osbsdk.broker.api.internal.TextEscaper.Characters;
import io.github.osbsdk.broker.api.internal.TextEscaper.CutMark;

/**
 * Makes client-controlled values safe to log: quoted, with control characters, quotes,
 * backslashes and non-ASCII escaped, and cut at a length, so no value can forge or split a log
 * line. Secrets in URLs are masked: user info and every query parameter's value
 * ({@code https://***@host/path?token=***}). The policy of the SDK's shared {@link TextEscaper}.
 */
public final class LogText {
  private static final TextEscaper VALUES =
      new TextEscaper(Characters.NON_ASCII, 256, CutMark.ellipsis());

  private LogText() {}

  /**
   * Quotes a value for a log line.
   *
   * @param value the value, may be null
   * @return {@code "value"} escaped, or {@code null}
   */
  public static String quote(String value) {
    return VALUES.quote(value);
  }
}

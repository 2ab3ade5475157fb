package io.github.osbsdk.broker.core.catalog;

import io.github.osbsdk.broker.api.internal.TextEscaper;
import io.github.osbsdk.broker.api.internal.TextEscaper.Characters;
import io.github.osbsdk.broker.api.internal.TextEscaper.CutMark;

/**
 * Makes values taken from a catalog safe to repeat in a {@link CatalogProblem}, which ends up in
 * logs, exception messages and reports: secrets in a URL are masked (user info as in
 * {@code https://***@host/path}, every query parameter's value as in {@code ?token=***}),
 * characters that could end a line or disguise what follows (control characters, Unicode line
 * separators, bidi controls) become {@code \}{@code uXXXX} escapes, and long values are cut
 * after {@link #MAX_CHARS} characters (free texts after {@link #MAX_TEXT_CHARS}) with their
 * length noted. Masking comes before cutting, so a cut never keeps part of a password. The
 * policy of the SDK's shared {@link TextEscaper}.
 */
final class MessageValues {
  /** The most characters of one value that a message repeats. */
  static final int MAX_CHARS = 100;
  /** The most characters of a free text (such as a library's message) that a message repeats. */
  static final int MAX_TEXT_CHARS = 500;
  private static final TextEscaper VALUES =
      new TextEscaper(Characters.UNSAFE, MAX_CHARS, CutMark.length("characters"));
  private static final TextEscaper TEXTS =
      new TextEscaper(Characters.UNSAFE, MAX_TEXT_CHARS, CutMark.length("characters"));

  private MessageValues() {}

  /**
   * @param value a value from the catalog
   * @return the value in double quotes, secrets of any URL in it masked, {@code "} and
   *     {@code \} and unsafe characters escaped, cut after {@link #MAX_CHARS} characters
   */
  static String quote(String value) {
    return VALUES.quote(value);
  }

  /**
   * Quotes a value meant as a URL; user info is masked also where the value lacks {@code //},
   * as in {@code user:password@host/path}.
   *
   * @param url the value
   * @return the quoted value, as {@link #quote(String)}
   */
  static String quoteUrl(String url) {
    return VALUES.quoteUrl(url);
  }

  /**
   * @param text a text that may repeat catalog values, such as a library's message or a
   *     path with map keys
   * @return the text with secrets of URLs masked and unsafe characters escaped, cut after
   *     {@link #MAX_TEXT_CHARS} characters
   */
  static String clean(String text) {
    return TEXTS.clean(text);
  }

  /**
   * @param key a map key from the catalog's opaque JSON, to become part of a problem's path
   * @return the key with secrets of URLs masked and unsafe characters escaped, cut after
   *     {@link #MAX_CHARS} characters
   */
  static String pathKey(Object key) {
    return VALUES.clean(String.valueOf(key));
  }
}

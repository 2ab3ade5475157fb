package io.github.osbsdk.broker.api.internal;

import java.util.Objects;

/**
 * Makes a value safe to repeat in a log line or a message: secrets in URLs are masked
 * ({@link UrlSecrets}: user info, and every query parameter's value), characters that could end
 * the line or disguise what follows become {@code \}{@code uXXXX} escapes, and long values are
 * cut. Masking comes before cutting, so a cut never keeps part of a password, and a cut never
 * splits a surrogate pair that is kept as it is.
 *
 * <p>An escaper is an immutable policy: which characters it escapes, after how many characters
 * of the masked value it cuts, and how it marks a cut. Each module keeps its own as a
 * constant:
 *
 * <pre>{@code
 * static final TextEscaper VALUES =
 *     new TextEscaper(Characters.UNSAFE, 200, CutMark.length("chars"));
 *
 * log.debug("token refused: kid {}", VALUES.quote(kid));
 * }</pre>
 *
 * @param characters which characters become escapes
 * @param maxChars the most characters of a value that are repeated, at least 1
 * @param cutMark how a cut is marked
 */
public record TextEscaper(Characters characters, int maxChars, CutMark cutMark) {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Checks the policy.
   *
   * @param characters which characters become escapes
   * @param maxChars the most characters of a value that are repeated, at least 1
   * @param cutMark how a cut is marked
   */
  public TextEscaper {
    Objects.requireNonNull(characters, "characters == null");
    Objects.requireNonNull(cutMark, "cutMark == null");
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be at least 1, not " + maxChars);
    }
  }

  /**
   * Quotes a value that may hold URLs among words.
   *
   * @param value the value, may be null
   * @return {@code null} (unquoted) for null, else the value's text with the secrets of its
   *     URLs masked, in double quotes, {@code "}, {@code \} and the
   *     policy's characters escaped, cut and marked as the policy says
   */
  public String quote(Object value) {
    if (value == null) {
      return "null";
    }
    String text = value.toString();
    return render(text, UrlSecrets.maskUrlsIn(text), true);
  }

  /**
   * Quotes a value meant as one URL; its user info is masked also where it lacks {@code //},
   * as in {@code user:password@host/path}.
   *
   * @param url the value, may be null
   * @return the value quoted as by {@link #quote(Object)}, masked by
   *     {@link UrlSecrets#maskUrl(String)}
   */
  public String quoteUrl(String url) {
    if (url == null) {
      return "null";
    }
    return render(url, UrlSecrets.maskUrl(url), true);
  }

  /**
   * Escapes a text without quoting it (a library's message, a path with map keys): {@code "}
   * and {@code \} are kept.
   *
   * @param text the text, may be null
   * @return {@code null} for null, else the text with the secrets of its URLs masked, the
   *     policy's characters escaped, cut and marked as the policy says
   */
  public String clean(String text) {
    if (text == null) {
      return "null";
    }
    return render(text, UrlSecrets.maskUrlsIn(text), false);
  }

  private String render(String original, String masked, boolean quoted) {
    int n = Math.min(masked.length(), maxChars);
    if (n < masked.length() && characters.keepsPairs()
        && Character.isHighSurrogate(masked.charAt(n - 1))) {
      n--; // a kept pair is never cut apart
    }
    StringBuilder b = new StringBuilder(n + 32);
    if (quoted) {
      b.append('"');
    }
    for (int i = 0; i < n; i++) {
      char c = masked.charAt(i);
      if (quoted && (c == '"' || c == '\\')) {
        b.append('\\').append(c);
      } else if (characters.escapes(masked, i)) {
        b.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
            .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
      } else {
        b.append(c);
      }
    }
    boolean cut = masked.length() > maxChars;
    if (cut && cutMark.unit() == null) {
      b.append("...");
    }
    if (quoted) {
      b.append('"');
    }
    if (cut && cutMark.unit() != null) {
      b.append("...(").append(original.length()).append(' ').append(cutMark.unit()).append(')');
    }
    return b.toString();
  }

  /** Which characters an escaper turns into {@code \}{@code uXXXX} escapes. */
  public enum Characters {
    /**
     * Those that could end a line or disguise what follows: control characters (C0, DEL, C1,
     * which include {@code \n}, {@code \r} and NEL), Unicode line and paragraph separators,
     * zero-width and direction marks, bidi embeddings, overrides and isolates, the byte order
     * mark, and lone surrogates. Other text, including a surrogate pair, is kept.
     */
    UNSAFE,
    /**
     * As {@link #UNSAFE}, and every surrogate, so a character beyond U+FFFF shows as two
     * escapes, and a pair cut apart still reads.
     */
    UNSAFE_AND_SURROGATES,
    /** Everything but printable ASCII (U+0020 to U+007E). */
    NON_ASCII;

    boolean keepsPairs() {
      return this == UNSAFE;
    }

    boolean escapes(String s, int i) {
      char c = s.charAt(i);
      return switch (this) {
        case NON_ASCII -> c < 0x20 || c >= 0x7f;
        case UNSAFE_AND_SURROGATES -> Character.isSurrogate(c) || unsafe(c);
        case UNSAFE -> loneSurrogate(s, i) || unsafe(c);
      };
    }

    private static boolean loneSurrogate(String s, int i) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
      }
      if (Character.isLowSurrogate(c)) {
        return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
      }
      return false;
    }

    private static boolean unsafe(char c) {
      return Character.isISOControl(c) // C0, DEL, C1 (includes \n, \r, NEL)
          || c == '\u2028' || c == '\u2029' // line and paragraph separators
          || (c >= '\u200b' && c <= '\u200f') // zero-width and direction marks
          || (c >= '\u202a' && c <= '\u202e') // bidi embeddings and overrides
          || (c >= '\u2066' && c <= '\u2069') // bidi isolates
          || c == '\ufeff'; // byte order mark
    }
  }

  /**
   * How a cut is marked.
   *
   * @param unit null for {@code ...} at the end of the cut text (inside the quotes), else the
   *     word after the value's length in {@code ...(1234 characters)} after the closing quote
   */
  public record CutMark(String unit) {
    /**
     * {@code ...} at the end of the cut text, inside the quotes.
     *
     * @return the mark
     */
    public static CutMark ellipsis() {
      return new CutMark(null);
    }

    /**
     * {@code ...(1234 unit)} after the closing quote, with the length of the whole value.
     *
     * @param unit the word after the length, such as {@code characters}
     * @return the mark
     */
    public static CutMark length(String unit) {
      return new CutMark(Objects.requireNonNull(unit, "unit == null"));
    }
  }
}

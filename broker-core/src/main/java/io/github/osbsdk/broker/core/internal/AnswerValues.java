package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.internal.TextEscaper;
import io.github.osbsdk.broker.api.internal.TextEscaper.Characters;
import io.github.osbsdk.broker.api.internal.TextEscaper.CutMark;

/**
 * Cuts values a client sent that an error answer's description names (an unknown
 * {@code plan_id}, a {@code maintenance_info.version}): the answer stays short whatever the
 * request held, and characters that could end a line or disguise what follows where a platform
 * shows the description (control characters, Unicode line separators, bidi controls) become
 * {@code \}{@code uXXXX} escapes. The policy of the SDK's shared {@link TextEscaper}.
 */
final class AnswerValues {
  /** The most characters of one value that a description repeats. */
  static final int MAX_CHARS = 200;
  private static final TextEscaper VALUES =
      new TextEscaper(Characters.UNSAFE, MAX_CHARS, CutMark.ellipsis());

  private AnswerValues() {}

  /**
   * @param value the value, may be null
   * @return the value, escaped and cut after {@value #MAX_CHARS} characters with {@code ...}
   */
  static String of(String value) {
    return VALUES.clean(value);
  }
}

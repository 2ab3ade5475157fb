package io.github.osbsdk.broker.api.internal;

/**
 * The checks on texts that every store must be able to keep: ids, GUIDs, codes and names come
 * to the SDK from the platform or from the provider and end up in a database, whose text type
 * may refuse a control character (PostgreSQL refuses U+0000) and whose indexes hold a bounded
 * number of bytes.
 */
public final class Texts {
  private Texts() {}

  /**
   * Whether a text holds a control character (U+0000 to U+001F, or U+007F), which no id, GUID,
   * CRN, region or code has.
   *
   * @param text the text
   * @return true when it holds one
   */
  public static boolean hasControlCharacter(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        return true;
      }
    }
    return false;
  }

  /**
   * The length of a text in bytes of UTF-8, counted without encoding it (a surrogate pair, one
   * character beyond U+FFFF, counts four bytes).
   *
   * @param text the text
   * @return its length in bytes of UTF-8
   */
  public static int utf8Length(CharSequence text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }
}

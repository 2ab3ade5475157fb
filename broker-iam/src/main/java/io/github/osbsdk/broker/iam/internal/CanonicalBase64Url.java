package io.github.osbsdk.broker.iam.internal;

import java.util.Base64;

/**
 * Strict Base64url (RFC 4648 section 5) without padding, as JWS compact serialization and our
 * signed values use it: only {@code A-Z a-z 0-9 - _}, no {@code =}, no length that leaves one
 * dangling character, and no set bits in the unused low bits of the last character. Every byte
 * string therefore has exactly one accepted spelling, so one token cannot be sent in several
 * spellings (each a different cache key, each accepted).
 */
public final class CanonicalBase64Url {
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  /** Alphabet value of each ASCII character, -1 for characters outside the alphabet. */
  private static final byte[] VALUES = new byte[128];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
    }
  }

  private CanonicalBase64Url() {
  }

  /**
   * Whether a range of a string is canonical unpadded Base64url.
   *
   * @param s the text
   * @param from the first index (inclusive)
   * @param to the end index (exclusive)
   * @return true when every character is in the alphabet, the length is not 1 modulo 4 and the
   *     last character carries no stray bits; the empty range is canonical
   */
  public static boolean isCanonical(String s, int from, int to) {
    if (from < 0 || to > s.length() || from > to) {
      return false;
    }
    int length = to - from;
    int rest = length & 3;
    if (rest == 1) {
      return false;
    }
    int last = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= 128 || VALUES[c] < 0) {
        return false;
      }
      last = VALUES[c];
    }
    // 2 trailing characters carry 12 bits for 8 (low 4 unused); 3 carry 18 for 16 (low 2 unused)
    return rest == 0 || (last & (rest == 2 ? 0x0F : 0x03)) == 0;
  }

  /**
   * Whether a whole string is canonical unpadded Base64url.
   *
   * @param s the text, may be null
   * @return see {@link #isCanonical(String, int, int)}; false for null
   */
  public static boolean isCanonical(String s) {
    return s != null && isCanonical(s, 0, s.length());
  }

  /**
   * Decodes canonical unpadded Base64url.
   *
   * @param s the text
   * @return the bytes
   * @throws IllegalArgumentException when {@code s} is not canonical
   */
  public static byte[] decode(String s) {
    if (!isCanonical(s)) {
      throw new IllegalArgumentException("not canonical unpadded Base64url");
    }
    return DECODER.decode(s);
  }

  /**
   * Decodes a range of canonical unpadded Base64url.
   *
   * @param s the text
   * @param from the first index (inclusive)
   * @param to the end index (exclusive)
   * @return the bytes
   * @throws IllegalArgumentException when the range is not canonical
   */
  public static byte[] decode(String s, int from, int to) {
    if (!isCanonical(s, from, to)) {
      throw new IllegalArgumentException("not canonical unpadded Base64url");
    }
    return DECODER.decode(s.substring(from, to));
  }
}

package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.internal.Texts;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes ids taken raw ({@code @Encoded}) from the path exactly once, so URL-encoded CRNs with
 * {@code %3A} and {@code %2F} round-trip unchanged. Invalid percent-encoding or UTF-8 gets 400,
 * and so does a control character (U+0000 to U+001F, U+007F) or an id over {@value #MAX_BYTES}
 * bytes: no platform makes such ids, PostgreSQL's text cannot hold U+0000 and its indexes cannot
 * hold longer ids, so every store answers alike.
 */
public final class Ids {
  private static final int MAX_LENGTH = 4096;
  /**
   * The longest id, in bytes of UTF-8: an instance id and a binding id together must fit in one
   * PostgreSQL B-tree index entry (at most 2,704 bytes), and real ids (GUIDs, CRNs) are far
   * shorter.
   */
  static final int MAX_BYTES = 1024;

  private Ids() {}

  /**
   * @param raw the raw path segment
   * @param name the parameter name for the error message
   * @return the decoded id
   */
  public static String decode(String raw, String name) {
    if (raw == null || raw.isEmpty() || raw.length() > MAX_LENGTH) {
      throw ServiceBrokerException.badRequest("The " + name
          + " in the path is missing or too long.");
    }
    if (raw.indexOf('%') < 0) {
      return withoutControls(raw, name);
    }
    ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 4);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int hi = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
        int lo = hi < 0 ? -1 : hex(raw.charAt(i + 2));
        if (lo < 0) {
          throw invalid(name);
        }
        bytes.put((byte) (hi * 16 + lo));
        i += 2;
      } else {
        bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    bytes.flip();
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw invalid(name);
    }
    return withoutControls(decoded, name);
  }

  /**
   * Whether {@code id} holds nothing but whitespace, space separators (no-break spaces among
   * them, which {@link String#isBlank} does not count) and format characters (zero-width ones):
   * no id a platform would send. It stops at the first other character.
   */
  private static boolean blank(String id) {
    for (int i = 0; i < id.length(); ) {
      int c = id.codePointAt(i);
      if (!(Character.isWhitespace(c) || Character.isSpaceChar(c)
          || Character.getType(c) == Character.FORMAT)) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }

  private static String withoutControls(String id, String name) {
    if (blank(id)) {
      throw ServiceBrokerException.badRequest("The " + name + " in the path must not be blank.");
    }
    if (Texts.hasControlCharacter(id)) {
      throw ServiceBrokerException.badRequest("The " + name
          + " in the path must not contain control characters.");
    }
    if (Texts.utf8Length(id) > MAX_BYTES) {
      throw ServiceBrokerException.badRequest("The " + name + " in the path is longer than "
          + MAX_BYTES + " bytes (UTF-8).");
    }
    return id;
  }

  private static ServiceBrokerException invalid(String name) {
    return ServiceBrokerException.badRequest("The " + name
        + " in the path is not validly percent-encoded UTF-8.");
  }

  /** An ASCII hex digit's value, else -1 ({@code Character.digit} also takes non-ASCII digits). */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}

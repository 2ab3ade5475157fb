package io.github.osbsdk.broker.testkit.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Follows one HTTP/1.1 request as its bytes pass through {@link AnswerDroppingProxy}: the head up
 * to its empty CRLF line, then as many body bytes as {@code Content-Length} says. Not
 * thread-safe.
 */
final class RequestHead {
  /** The bytes CR LF CR LF, the end of a head, as the last four bytes read. */
  private static final int HEAD_END = 0x0d0a0d0a;

  private final Predicate<String> picks;
  /** The head read so far; null once it is whole. */
  private ByteArrayOutputStream head = new ByteArrayOutputStream();
  /** The last four bytes of the head read, one a byte. */
  private int lastFour;
  private String line;
  private boolean picked;
  /** Why the end of the body cannot be told, or null. */
  private String framingProblem;
  private long bodyLeft;

  /** @param picks picks, by its request line, a request the proxy acts on */
  RequestHead(Predicate<String> picks) {
    this.picks = picks;
  }

  /**
   * Follows the next bytes the client sent.
   *
   * @param bytes the bytes
   * @param length how many of them
   */
  void read(byte[] bytes, int length) {
    int i = 0;
    while (head != null && i < length) {
      head.write(bytes[i]);
      lastFour = lastFour << 8 | bytes[i] & 0xff;
      i++;
      if (lastFour == HEAD_END) {
        parseHead(head.toString(StandardCharsets.ISO_8859_1));
        head = null;
      }
    }
    bodyLeft -= length - i;
  }

  private void parseHead(String text) {
    String[] lines = text.split("\r\n");
    line = lines[0];
    picked = picks.test(line);
    for (int k = 1; k < lines.length; k++) {
      int colon = lines[k].indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = lines[k].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[k].substring(colon + 1).trim();
      if (name.equals("transfer-encoding")) {
        framingProblem = "cannot tell where the request ends: Transfer-Encoding " + value;
      } else if (name.equals("content-length")) {
        try {
          bodyLeft = Long.parseLong(value);
        } catch (NumberFormatException e) {
          framingProblem = "cannot tell where the request ends: Content-Length " + value;
        }
      }
    }
  }

  /** @return whether the head has been read whole */
  boolean headRead() {
    return head == null;
  }

  /** @return the request line, e.g. {@code PUT /v2/service_instances/x HTTP/1.1}; null before */
  String line() {
    return line;
  }

  /** @return whether the head has been read and its request line picked */
  boolean picked() {
    return picked;
  }

  /** @return why the end of the body cannot be told, or null when it can (or no head yet) */
  String framingProblem() {
    return framingProblem;
  }

  /** @return whether the head and the whole body have been read */
  boolean ended() {
    return head == null && framingProblem == null && bodyLeft <= 0;
  }
}

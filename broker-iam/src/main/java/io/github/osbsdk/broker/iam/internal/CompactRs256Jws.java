package io.github.osbsdk.broker.iam.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A compact JWS ({@code header.payload.signature}) whose protected header passed the RS256
 * checks, split once over the token's ASCII bytes: the signing input is the prefix of those bytes
 * (no re-encoding), the header is decoded and read with Jackson's streaming parser (no object
 * model), and the payload is only decoded once the signature has passed.
 *
 * <p>Header rules (each refusal is an {@link IllegalArgumentException} with a message safe to
 * return to the client): a JSON object with unique member names and nothing after it;
 * {@code alg} exactly {@code RS256}; {@code kid} a string; {@code typ}, when present, {@code JWT}
 * (any case); no {@code crit} and no {@code b64} (extensions we do not implement are refused
 * rather than ignored). Other members are ignored: keys always come from IAM's key set, never
 * from the token.
 */
final class CompactRs256Jws {
  private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

  private final byte[] ascii;
  private final int firstDot;
  private final int secondDot;
  private final String kid;

  private CompactRs256Jws(byte[] ascii, int firstDot, int secondDot, String kid) {
    this.ascii = ascii;
    this.firstDot = firstDot;
    this.secondDot = secondDot;
    this.kid = kid;
  }

  /**
   * @param token the compact serialization
   * @param json the factory for the header parser (strict duplicate detection on)
   * @return the token, its header checked
   * @throws IllegalArgumentException when it is not a compact RS256 JWS with a {@code kid}
   */
  static CompactRs256Jws parse(String token, JsonFactory json) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      throw new IllegalArgumentException("the token is malformed");
    }
    // Latin-1 keeps one byte per char; anything outside Base64url fails decoding below, and the
    // signature covers exactly these bytes.
    byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer header;
    try {
      header = B64URL.decode(ByteBuffer.wrap(ascii, 0, first));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the token is malformed", e);
    }
    return new CompactRs256Jws(ascii, first, second, checkedKid(header, json));
  }

  private static String checkedKid(ByteBuffer header, JsonFactory json) {
    String alg = null;
    String kid = null;
    String typ = null;
    try (JsonParser p = json.createParser(header.array(), header.arrayOffset() + header.position(),
        header.remaining())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("the token is malformed");
      }
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken value = p.nextToken();
        switch (name) {
          case "alg" -> alg = value == JsonToken.VALUE_STRING ? p.getText() : "";
          case "kid" -> kid = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "typ" -> typ = value == JsonToken.VALUE_STRING ? p.getText() : "";
          case "crit", "b64" -> throw new IllegalArgumentException(
              "the token uses header extensions that are not accepted");
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IllegalArgumentException("the token is malformed");
      }
    } catch (IOException e) { // includes duplicate members and malformed JSON
      throw new IllegalArgumentException("the token is malformed", e);
    }
    if (!"RS256".equals(alg)) {
      throw new IllegalArgumentException("the token algorithm is not accepted");
    }
    if (kid == null) {
      throw new IllegalArgumentException("the token has no key id");
    }
    if (typ != null && !"JWT".equalsIgnoreCase(typ)) {
      throw new IllegalArgumentException("the token type is not accepted");
    }
    return kid;
  }

  /** @return the header's {@code kid} */
  String kid() {
    return kid;
  }

  /** @return the token's ASCII bytes; the signing input is the first {@link #signingInputLength()} */
  byte[] ascii() {
    return ascii;
  }

  /** @return the length of {@code header.payload} */
  int signingInputLength() {
    return secondDot;
  }

  /**
   * @return the decoded signature
   * @throws IllegalArgumentException when it is not Base64url
   */
  byte[] signature() {
    ByteBuffer b = B64URL.decode(ByteBuffer.wrap(ascii, secondDot + 1,
        ascii.length - secondDot - 1));
    byte[] a = b.array();
    return b.remaining() == a.length ? a : Arrays.copyOfRange(a, b.position(), b.limit());
  }

  /**
   * @return the decoded payload (read {@code remaining()} bytes from the buffer's position)
   * @throws IllegalArgumentException when it is not Base64url
   */
  ByteBuffer payload() {
    return B64URL.decode(ByteBuffer.wrap(ascii, firstDot + 1, secondDot - firstDot - 1));
  }
}

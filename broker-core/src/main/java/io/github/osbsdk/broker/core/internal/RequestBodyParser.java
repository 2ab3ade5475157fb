package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;
import java.util.Map;

/**
 * Reads request bodies: the content type must be JSON, any charset parameter a known charset
 * (else 400), the size is counted while reading (over the limit: 413), the body must be a JSON
 * object without duplicate keys whose strings are well-formed Unicode, every surrogate escape
 * with its pair, and whose numbers fit a {@code double} (else 400).
 */
public final class RequestBodyParser {
  private final ObjectReader reader;
  private final long maxBytes;

  /**
   * @param mapper the shared mapper
   * @param maxBytes the largest accepted body
   */
  public RequestBodyParser(ObjectMapper mapper, long maxBytes) {
    this.reader = FiniteNumbers.reader(mapper);
    this.maxBytes = maxBytes;
  }

  /** The largest accepted body, in bytes: also the most an instance keeps of parameters. */
  long maxBytes() {
    return maxBytes;
  }

  /**
   * Reads a body without parsing it; what cannot be accepted is kept in the result, not thrown.
   *
   * @param contentType the {@code Content-Type} header, may be null
   * @param contentLength the {@code Content-Length} header, may be null
   * @param in the body, may be null
   * @return the bytes, or the error to answer: 400 (not JSON, bad length, cut short), 413
   */
  RequestBody read(String contentType, String contentLength, InputStream in) {
    try {
      return RequestBody.of(readBytes(contentType, contentLength, in));
    } catch (ServiceBrokerException e) {
      return RequestBody.failed(e);
    }
  }

  private byte[] readBytes(String contentType, String contentLength, InputStream in) {
    if (!isJsonContentType(contentType)) {
      throw ServiceBrokerException.badRequest("The request body must be JSON"
          + " (Content-Type: application/json).");
    }
    if (!knownCharset(contentType)) {
      throw ServiceBrokerException.badRequest("The Content-Type names an unknown charset;"
          + " JSON is sent in UTF-8.");
    }
    long declared = -1;
    if (contentLength != null) {
      try {
        declared = Long.parseLong(contentLength.trim());
      } catch (NumberFormatException e) {
        throw ServiceBrokerException.badRequest("The Content-Length header is not a number.");
      }
      if (declared < 0) {
        throw ServiceBrokerException.badRequest("The Content-Length header is negative.");
      }
      if (declared > maxBytes) {
        throw tooLarge(maxBytes);
      }
    }
    try {
      // With a Content-Length, read exactly that many bytes and never wait for end-of-stream:
      // some containers keep the stream open after the body (e.g. Grizzly on a request that
      // also asks for an h2c upgrade), and reading on would hang or fail.
      return declared >= 0 ? readExactly(in, (int) declared) : readLimited(in, maxBytes);
    } catch (IOException e) {
      throw ServiceBrokerException.badRequest("The request body could not be read completely.")
          .withCause(e);
    }
  }

  /**
   * @param bytes a body as read
   * @return the body as a JSON object
   * @throws ServiceBrokerException 400 when it is empty, not JSON or not an object
   */
  ObjectNode parseObject(byte[] bytes) {
    if (bytes.length == 0) {
      throw ServiceBrokerException.badRequest("The request body is missing; a JSON object is"
          + " required.");
    }
    JsonNode node;
    try {
      node = reader.readTree(bytes);
    } catch (FiniteNumbers.NotFinite e) {
      throw tooLargeANumber();
    } catch (JacksonException e) {
      if (e.getCause() instanceof FiniteNumbers.NotFinite) {
        throw tooLargeANumber();
      }
      throw ServiceBrokerException.badRequest("The request body is not valid JSON: "
          + BodyParseErrors.describe(e, reader.getFactory().streamReadConstraints()))
          .withCause(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (node == null || !node.isObject()) {
      throw ServiceBrokerException.badRequest("The request body must be a JSON object.");
    }
    if (maySpellASurrogate(bytes) && !wellFormed(node)) {
      // JSON lets an escape name half of a surrogate pair; no UTF-8 text (the database's, the
      // fingerprint's, a provider's) can hold such a string, so it is refused here, once
      throw ServiceBrokerException.badRequest("The request body is not valid JSON text: a string"
          + " holds an unpaired surrogate escape (\\uD800 to \\uDFFF without its pair).");
    }
    return (ObjectNode) node;
  }

  private static ServiceBrokerException tooLargeANumber() {
    return ServiceBrokerException.badRequest("The request body holds a number beyond the range"
        + " of a 64-bit floating-point number (about 1.8e308).");
  }

  /**
   * Whether the body may carry a lone surrogate: a backslash-u escape of one (D800-DFFF), or the
   * bytes a lenient decoder reads as one (ED A0-BF, which UTF-8 forbids). A cheap scan that
   * spares nearly every body the walk of its tree.
   */
  private static boolean maySpellASurrogate(byte[] bytes) {
    for (int i = 0; i + 1 < bytes.length; i++) {
      if ((bytes[i] & 0xFF) == 0xED && (bytes[i + 1] & 0xFF) >= 0xA0) {
        return true;
      }
      if (bytes[i] == '\\' && bytes[i + 1] == 'u' && i + 3 < bytes.length
          && (bytes[i + 2] == 'd' || bytes[i + 2] == 'D')
          && Character.digit(bytes[i + 3], 16) >= 8) {
        return true;
      }
    }
    return false;
  }

  /** Whether every string and field name in the tree pairs its surrogates. */
  private static boolean wellFormed(JsonNode node) {
    if (node.isTextual()) {
      return wellFormed(node.textValue());
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (!wellFormed(field.getKey()) || !wellFormed(field.getValue())) {
          return false;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        if (!wellFormed(element)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  static boolean isJsonContentType(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String t = (semi < 0 ? contentType : contentType.substring(0, semi)).trim()
        .toLowerCase(Locale.ROOT);
    return t.equals("application/json") || t.startsWith("application/") && t.endsWith("+json");
  }

  /**
   * Whether a {@code charset} parameter, if the content type has one, names a charset the JVM
   * knows. JSON ignores the parameter, but a container may not: Apache CXF fails a request whose
   * charset it cannot map before any filter runs, so the SDK refuses such a body alike on every
   * container.
   *
   * @param contentType a JSON content type
   * @return false for an empty, malformed or unknown charset name
   */
  static boolean knownCharset(String contentType) {
    String[] parts = contentType.split(";");
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq < 0 || !parts[i].substring(0, eq).trim().equalsIgnoreCase("charset")) {
        continue;
      }
      String name = parts[i].substring(eq + 1).trim();
      if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
        name = name.substring(1, name.length() - 1);
      }
      try {
        if (name.isEmpty() || !Charset.isSupported(name)) {
          return false;
        }
      } catch (IllegalCharsetNameException e) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads a stream, counting bytes.
   *
   * @param in the stream
   * @param maxBytes the limit
   * @return the bytes
   * @throws IOException when reading fails
   * @throws ServiceBrokerException 413 beyond the limit
   */
  static byte[] readLimited(InputStream in, long maxBytes) throws IOException {
    if (in == null) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    byte[] buf = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buf)) != -1) {
      total += n;
      if (total > maxBytes) {
        throw tooLarge(maxBytes);
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * Reads exactly {@code length} bytes.
   *
   * @param in the stream, may be null
   * @param length the declared body length
   * @return the bytes
   * @throws IOException when reading fails
   * @throws ServiceBrokerException 400 when the stream ends before {@code length} bytes
   */
  static byte[] readExactly(InputStream in, int length) throws IOException {
    if (length == 0 || in == null) {
      return new byte[0];
    }
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw ServiceBrokerException.badRequest("The request body is shorter than its"
          + " Content-Length.");
    }
    return bytes;
  }

  private static ServiceBrokerException tooLarge(long maxBytes) {
    return SdkErrors.payloadTooLarge("The request body is larger than "
        + maxBytes + " bytes.");
  }
}

package io.github.osbsdk.samples.hello.servlet;

import io.github.osbsdk.samples.hello.HttpLimits;
import io.github.osbsdk.samples.hello.OsbErrorJson;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.regex.Pattern;

/**
 * A servlet filter for brokers on servlet containers (Tomcat, Jetty): refuses, with an OSB error
 * body in JSON, what the container lets through but the SDK must not see: a malformed percent
 * escape ({@code %ZZ}) in the path or query (400), raw bytes that must be percent-encoded in the
 * request target (400), a header section over {@link #MAX_HEADER_SECTION} bytes (431), a
 * {@code Content-Type} whose {@code charset} is unknown (400; Apache CXF answers it with 500),
 * more than one {@code Content-Type} (400, as the SDK; RESTEasy shows the SDK only the first),
 * a transfer coding other than {@code chunked} (501) or a request framed two ways (400), and a
 * {@code Content-Encoding} other than {@code identity} (415: the containers hand the body on as
 * sent, and the broker decodes no content coding), percent escapes in the path that are not
 * UTF-8 and an {@code Accept} media range that is not {@code type/subtype} (400, as the SDK
 * answers both: RESTEasy failed such a request while reading it, before the SDK, and logged a
 * WARN with a stack trace for it, a request anyone can send).
 * Map it before the JAX-RS servlet, on {@code /*}.
 */
public final class ServletRequestGuard implements Filter {
  /**
   * The largest header section accepted, without the request line, in bytes (8 KiB, as most
   * servers and proxies). The container takes the request line and the header section together
   * up to {@link HttpLimits#MAX_REQUEST_HEAD}, for long {@code last_operation} polls.
   */
  public static final int MAX_HEADER_SECTION = HttpLimits.MAX_HEADER_FIELDS;
  /** An RFC 9110 token. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Creates the filter. */
  public ServletRequestGuard() {}

  /**
   * Refuses a bad request or passes it on.
   *
   * @param request the request
   * @param response the response
   * @param chain the rest of the chain
   * @throws IOException when writing fails
   * @throws ServletException from the chain
   */
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http
        && response instanceof HttpServletResponse answer) {
      String target = http.getRequestURI();
      String query = http.getQueryString();
      if (!validTarget(target) || !validTarget(query)) {
        refuse(answer, 400, "The request target is not validly percent-encoded.");
        return;
      }
      if (!utf8Escapes(target)) {
        refuse(answer, 400, "The request path holds percent escapes that are not UTF-8.");
        return;
      }
      if (!acceptWellFormed(http)) {
        refuse(answer, 400, "The Accept header cannot be parsed: each media range is"
            + " type/subtype (e.g. application/json or */*).");
        return;
      }
      if (headerSectionSize(http) > MAX_HEADER_SECTION) {
        refuse(answer, 431, null);
        return;
      }
      if (!knownCharsets(http)) {
        // CXF fails such a request before any filter, with a 500
        refuse(answer, 400, "The Content-Type names an unknown charset; JSON is sent in"
            + " UTF-8.");
        return;
      }
      if (lines(http, "Content-Type") > 1) {
        // Content-Type is a singleton field (RFC 9110 8.3); RESTEasy hands JAX-RS only the
        // first, so the SDK (which refuses a second) cannot see it there
        refuse(answer, 400, "The request has more than one Content-Type header; send one"
            + " (Content-Type: application/json).");
        return;
      }
      int framing = framingStatus(http);
      if (framing != 0) {
        // the body's end is unknown (or framed two ways): nothing more may be read on this
        // connection
        answer.setHeader("Connection", "close");
        refuse(answer, framing, framing == 501 ? "The request has a transfer coding other than"
            + " chunked; send the body as is or chunked." : "The request has both"
            + " Content-Length and Transfer-Encoding, or is chunked more than once.");
        return;
      }
      if (!identityContent(http)) {
        // the containers pass the body on as sent: gzip would be read as JSON
        refuse(answer, 415, "The request body has a content coding; send the JSON body"
            + " unencoded.");
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /**
    * Whether a raw path or query is one the SDK can take.
    *
   * @param s a raw path or query, may be null
   * @return whether it is printable US-ASCII with every {@code %} followed by two hex digits
   */
  public static boolean validTarget(String s) {
    if (s == null) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        return false;
      }
      if (c == '%') {
        if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
            || Character.digit(s.charAt(i + 2), 16) < 0) {
          return false;
        }
        i += 2;
      }
    }
    return true;
  }

  /**
   * Whether the percent escapes of a raw path decode to UTF-8 (checked after
   * {@link #validTarget}, so every escape has two hex digits).
   *
   * @param path a raw path, may be null
   * @return false when the bytes of its escapes are not UTF-8
   */
  static boolean utf8Escapes(String path) {
    if (path == null || path.indexOf('%') < 0) {
      return true;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length()) {
        bytes.write(Integer.parseInt(path.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /**
   * Whether every media range of every {@code Accept} line is {@code type/subtype} (or a lone
   * {@code *}, which Java's {@code HttpURLConnection} sends), the SDK's own rule: parameters are
   * not checked, an empty list element is allowed. A line with a quoted string is left to the
   * SDK.
   *
   * @param request a request
   * @return false when a media range is not two tokens around a {@code /}
   */
  static boolean acceptWellFormed(HttpServletRequest request) {
    for (Enumeration<String> lines = request.getHeaders("Accept");
        lines != null && lines.hasMoreElements(); ) {
      String line = lines.nextElement();
      if (line.indexOf('"') >= 0) {
        continue; // a quoted parameter may hold a comma: left to the SDK, which reads quotes
      }
      for (String element : line.split(",")) {
        int semicolon = element.indexOf(';');
        String range = (semicolon < 0 ? element : element.substring(0, semicolon)).strip();
        if (range.isEmpty() ? semicolon >= 0 : !mediaRange(range)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean mediaRange(String range) {
    int slash = range.indexOf('/');
    return range.equals("*") || slash > 0 && slash < range.length() - 1
        && TOKEN.matcher(range.substring(0, slash)).matches()
        && TOKEN.matcher(range.substring(slash + 1)).matches();
  }

  /**
   * @param request a request
   * @return whether every {@code charset} parameter of its {@code Content-Type} names a charset
   *     the JVM knows (the SDK's own rule for request bodies)
   */
  static boolean knownCharsets(HttpServletRequest request) {
    for (Enumeration<String> types = request.getHeaders("Content-Type");
        types != null && types.hasMoreElements(); ) {
      String[] parts = types.nextElement().split(";");
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        if (eq >= 0 && parts[i].substring(0, eq).trim().equalsIgnoreCase("charset")
            && !knownCharset(parts[i].substring(eq + 1).trim())) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * What RFC 9112 (6.1, 6.3) asks of a request's framing, for containers that pass such a
   * request on (Undertow reads a body with {@code Transfer-Encoding: gzip} until the connection
   * closes).
   *
   * @param request a request
   * @return 501 for a transfer coding other than {@code chunked}, 400 for {@code chunked} twice
   *     or with a {@code Content-Length}, 0 when the framing is sound
   */
  static int framingStatus(HttpServletRequest request) {
    int chunked = 0;
    for (Enumeration<String> values = request.getHeaders("Transfer-Encoding");
        values != null && values.hasMoreElements(); ) {
      for (String coding : values.nextElement().split(",")) {
        String name = coding.trim();
        if (name.equalsIgnoreCase("chunked")) {
          chunked++;
        } else if (!name.isEmpty()) {
          return 501;
        }
      }
    }
    return chunked > 1 || chunked == 1 && request.getHeader("Content-Length") != null ? 400 : 0;
  }

  /**
   * @param request a request
   * @return whether its {@code Content-Encoding} names no coding but {@code identity}
   */
  static boolean identityContent(HttpServletRequest request) {
    for (Enumeration<String> values = request.getHeaders("Content-Encoding");
        values != null && values.hasMoreElements(); ) {
      for (String coding : values.nextElement().split(",")) {
        String name = coding.trim();
        if (!name.isEmpty() && !name.equalsIgnoreCase("identity")) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean knownCharset(String value) {
    String name = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1) : value;
    try {
      return !name.isEmpty() && Charset.isSupported(name);
    } catch (IllegalCharsetNameException e) {
      return false;
    }
  }

  private static int lines(HttpServletRequest request, String name) {
    int n = 0;
    for (Enumeration<String> values = request.getHeaders(name);
        values != null && values.hasMoreElements(); values.nextElement()) {
      n++;
    }
    return n;
  }

  private static int headerSectionSize(HttpServletRequest request) {
    int size = 0;
    for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
        size += name.length() + 2 + values.nextElement().length() + 2; // "name: value\r\n"
      }
    }
    return size;
  }

  private static void refuse(HttpServletResponse response, int status, String description)
      throws IOException {
    byte[] body = OsbErrorJson.body(status, description).getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}

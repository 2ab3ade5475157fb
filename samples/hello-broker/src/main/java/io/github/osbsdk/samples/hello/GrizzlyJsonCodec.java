package io.github.osbsdk.samples.hello;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpCodecFilter;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpPacketParsing;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.BufferChunk;
import org.glassfish.grizzly.http.util.ByteChunk;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.MimeHeaders;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.utils.DelayedExecutor;

/**
 * Grizzly's HTTP codec with OSB error bodies: the errors Grizzly answers itself, before any
 * handler runs (a malformed request line, an oversized header section, raw control or non-ASCII
 * bytes in the request target), get a JSON {@code {"description":...}} body and the
 * right status (400, 431) instead of an empty 400 or 505. The request line and header fields
 * together may take {@link HttpLimits#MAX_REQUEST_HEAD} bytes (a long {@code last_operation}
 * poll), the header fields alone {@link HttpLimits#MAX_HEADER_FIELDS}. A request framed both
 * ways or with a transfer or content coding the broker cannot read is refused before any body
 * is read (see {@link #refuseBadFraming}), and so is a header field whose name is not a token
 * (a space before the colon, a line without a colon) or a second {@code Host} (400). It also lets
 * a DELETE carry a body, so such a request reaches the SDK's authentication (401) instead of an
 * empty 400.
 *
 * <p>Installed by {@link GrizzlyHardening#apply} as a listener add-on that replaces the codec
 * filter of each listener.
 */
final class GrizzlyJsonCodec extends HttpServerFilter {
  /** Request attribute: the status the error answer must carry. */
  private static final String STATUS = GrizzlyJsonCodec.class.getName() + ".status";
  /** Request attribute: the error description. */
  private static final String DESCRIPTION = GrizzlyJsonCodec.class.getName() + ".description";
  /** Keep-alive timeouts of every hardened listener; daemon threads. */
  private static final DelayedExecutor TIMERS = timers();

  @SuppressWarnings("deprecation") // the only constructor taking the listener's header limits
  private GrizzlyJsonCodec(NetworkListener listener) {
    // Grizzly's limit covers the request line and the header fields together: room for a long
    // last_operation poll; the header fields alone are held to their own limit below
    super(listener.isChunkingEnabled(), HttpLimits.MAX_REQUEST_HEAD, null,
        listener.getKeepAlive(), TIMERS, listener.getMaxRequestHeaders(),
        listener.getMaxResponseHeaders());
    setAllowPayloadForUndefinedHttpMethods(true);
  }

  private static DelayedExecutor timers() {
    ExecutorService threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "grizzly-json-codec-timer");
      t.setDaemon(true);
      return t;
    });
    DelayedExecutor executor = new DelayedExecutor(threads);
    executor.start();
    return executor;
  }

  /**
   * The add-on that puts this codec in place of Grizzly's on a listener.
   *
   * @return the add-on that puts this codec in place of Grizzly's on a listener
   */
  static AddOn addOn() {
    return (NetworkListener listener, FilterChainBuilder chain) -> {
      int i = chain.indexOfType(HttpServerFilter.class);
      if (i >= 0) {
        chain.set(i, new GrizzlyJsonCodec(listener));
      }
    };
  }

  /**
   * Grizzly reads the method up to the first space whatever it holds: a request line without one
   * ({@code GARBAGE}, a bare {@code GET}) made it wait for more bytes and never answer, until
   * its idle timeout closed the connection 30 s later. A method is a token (RFC 9110 9.1), so a
   * byte that is none before the first space ends the request with 400 as soon as it arrives.
   * Empty lines before the request line (RFC 9112 2.2) are left to Grizzly, as before.
   */
  @Override
  protected boolean decodeHttpPacket(FilterChainContext ctx, HttpPacketParsing packet,
      Buffer input) {
    HttpCodecFilter.HeaderParsingState state = packet.getHeaderParsingState();
    if (state.state == 0 && state.subState == 0 && packet instanceof HttpRequestPacket request
        && request.getAttribute(STATUS) == null) {
      checkMethod(request, input);
    }
    return super.decodeHttpPacket(ctx, packet, input);
  }

  private static void checkMethod(HttpRequestPacket request, Buffer input) {
    int i = input.position();
    int end = input.limit();
    while (i < end && (input.get(i) == '\r' || input.get(i) == '\n')) {
      i++;
    }
    for (; i < end && input.get(i) != ' '; i++) {
      if (!tokenByte(input.get(i))) {
        refuse(request, 400, "The request line is malformed: it is a method, a space, the"
            + " request target, a space and the HTTP version.");
      }
    }
  }

  @Override
  protected void onInitialLineParsed(HttpHeader header, FilterChainContext ctx) {
    super.onInitialLineParsed(header, ctx);
    if (header instanceof HttpRequestPacket request) {
      if (!printableAscii(request.getRequestURIRef().getOriginalRequestURIBC())
          || !printableAscii(request.getQueryStringDC())) {
        refuse(request, 400, "The request target contains a character that must be"
            + " percent-encoded.");
      }
    }
  }

  @Override
  protected boolean onHttpHeaderParsed(HttpHeader header, Buffer buffer, FilterChainContext ctx) {
    if (header instanceof HttpRequestPacket request && request.getAttribute(STATUS) == null
        && headerFieldsSize(request.getHeaders()) > HttpLimits.MAX_HEADER_FIELDS) {
      refuse(request, 431, "The request header section is too large.");
    }
    if (header instanceof HttpRequestPacket request && request.getAttribute(STATUS) == null) {
      refuseBadFraming(request);
    }
    if (header instanceof HttpRequestPacket request && request.getAttribute(STATUS) == null
        && count(request.getHeaders().values("Host")) > 1) {
      // RFC 9112 3.2: more than one Host is answered 400; Grizzly took the first
      refuse(request, 400, "The request has more than one Host header.");
    }
    return super.onHttpHeaderParsed(header, buffer, ctx);
  }

  private static int count(Iterable<String> values) {
    int n = 0;
    for (String ignored : values) {
      n++;
    }
    return n;
  }

  /**
   * Grizzly reads a field name up to the colon whatever it holds: a space before the colon
   * became part of the name (RFC 9112 5.1: a server must refuse that with 400, a smuggling
   * vector behind a proxy that reads the field otherwise), and a line without a colon made it
   * wait for one, never answering. Every byte of a name must be a token character (RFC 9110
   * 5.1), so both are refused with 400 as soon as the bad byte arrives.
   */
  @Override
  protected boolean parseHeaderName(HttpHeader header, MimeHeaders headers,
      HttpCodecFilter.HeaderParsingState state, Buffer input) {
    int limit = Math.min(input.limit(), state.packetLimit);
    for (int i = state.offset; i < limit; i++) {
      byte b = input.get(i);
      if (b == ':') {
        checkNameEnd(header, i == state.start);
        break;
      }
      checkNameByte(header, b);
    }
    return super.parseHeaderName(header, headers, state, input);
  }

  /** The same for a header section Grizzly parses from a byte array. */
  @Override
  protected boolean parseHeaderName(HttpHeader header, MimeHeaders headers,
      HttpCodecFilter.HeaderParsingState state, byte[] input, int end) {
    int offset = state.arrayOffset;
    int limit = Math.min(end, offset + state.packetLimit);
    for (int i = offset + state.offset; i < limit; i++) {
      byte b = input[i];
      if (b == ':') {
        checkNameEnd(header, i == offset + state.start);
        break;
      }
      checkNameByte(header, b);
    }
    return super.parseHeaderName(header, headers, state, input, end);
  }

  private static void checkNameByte(HttpHeader header, byte b) {
    if (!tokenByte(b) && header instanceof HttpRequestPacket request) {
      refuse(request, 400, "A header field is malformed: each line is a name of token"
          + " characters, a colon right after it, then the value.");
    }
  }

  private static void checkNameEnd(HttpHeader header, boolean emptyName) {
    if (emptyName && header instanceof HttpRequestPacket request) {
      refuse(request, 400, "A header field has no name.");
    }
  }

  /** Whether a byte is an RFC 9110 tchar. */
  static boolean tokenByte(byte b) {
    int c = b & 0xFF;
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
        || c < 0x7F && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /**
   * Refuses what RFC 9112 (6.1, 6.3) says a server must not read as a body: both
   * {@code Content-Length} and {@code Transfer-Encoding} (400: a proxy in front may have framed
   * it the other way, which is how requests are smuggled), a transfer coding other than
   * {@code chunked} (501), {@code chunked} twice (400); and a content coding (415: the broker
   * reads JSON as sent and decodes none). The error answer closes the connection.
   */
  private static void refuseBadFraming(HttpRequestPacket request) {
    MimeHeaders headers = request.getHeaders();
    int chunked = 0;
    boolean transferEncoding = false;
    for (String value : headers.values("Transfer-Encoding")) {
      for (String coding : value.split(",")) {
        String name = coding.trim();
        if (name.isEmpty()) {
          continue;
        }
        transferEncoding = true;
        if (!name.equalsIgnoreCase("chunked")) {
          refuse(request, 501, "The transfer coding '" + printable(name) + "' is not"
              + " implemented; send the body as is or chunked.");
        }
        chunked++;
      }
    }
    // Grizzly drops a Content-Length that came before "chunked" from the headers, but counts it
    boolean contentLength = headers.contains("Content-Length")
        || request instanceof HttpPacketParsing parsing
        && parsing.getHeaderParsingState().contentLengthHeadersCount > 0;
    if (transferEncoding && contentLength) {
      refuse(request, 400, "The request has both Content-Length and Transfer-Encoding.");
    }
    if (chunked > 1) {
      refuse(request, 400, "The request is chunked more than once.");
    }
    for (String value : headers.values("Content-Encoding")) {
      for (String coding : value.split(",")) {
        String name = coding.trim();
        if (!name.isEmpty() && !name.equalsIgnoreCase("identity")) {
          refuse(request, 415, "The content coding '" + printable(name) + "' is not"
              + " supported; send the JSON body unencoded.");
        }
      }
    }
  }

  /** A header value cut to 32 printable ASCII characters, for an error description. */
  private static String printable(String s) {
    String text = s.replaceAll("[^A-Za-z0-9._+-]", "?");
    return text.length() > 32 ? text.substring(0, 32) + "..." : text;
  }

  /**
   * The size of the header fields as sent, without the request line.
   *
   * @param headers the parsed header fields
   * @return the bytes of {@code name: value\r\n} for each
   */
  static int headerFieldsSize(MimeHeaders headers) {
    int size = 0;
    for (int i = 0; i < headers.size(); i++) {
      size += headers.getName(i).getLength() + 2 + headers.getValue(i).getLength() + 2;
    }
    return size;
  }

  @Override
  protected void onHttpHeaderError(HttpHeader header, FilterChainContext ctx, Throwable t)
      throws java.io.IOException {
    if (header instanceof HttpRequestPacket request && request.getAttribute(STATUS) == null) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("too large")) {
        request.setAttribute(STATUS, 431);
        request.setAttribute(DESCRIPTION, "The request header section is too large.");
      }
    }
    super.onHttpHeaderError(header, ctx, t);
  }

  @Override
  protected HttpContent customizeErrorResponse(HttpResponsePacket response) {
    HttpRequestPacket request = response.getRequest();
    Object forced = request == null ? null : request.getAttribute(STATUS);
    int status = forced instanceof Integer s ? s : response.getStatus();
    String description = request == null ? null : (String) request.getAttribute(DESCRIPTION);
    if (status == 505) {
      // Grizzly takes everything after the first space of the target for the protocol: a raw
      // space in the target is the usual cause, and the request line is malformed either way
      status = 400;
      description = OsbErrorJson.UNPARSABLE_REQUEST;
    }
    if (status < 400 || status >= 500 && status != 501) {
      status = 400;
    }
    response.setStatus(status);
    response.setReasonPhrase(reason(status));
    byte[] body = OsbErrorJson.body(status, description).getBytes(StandardCharsets.UTF_8);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    Buffer buffer = Buffers.wrap(null, body);
    return HttpContent.builder(response).content(buffer).last(true).build();
  }

  private static void refuse(HttpRequestPacket request, int status, String description) {
    request.setAttribute(STATUS, status);
    request.setAttribute(DESCRIPTION, description);
    throw new IllegalStateException(description);
  }

  private static String reason(int status) {
    return switch (status) {
      case 413 -> "Payload Too Large";
      case 415 -> "Unsupported Media Type";
      case 501 -> "Not Implemented";
      case 431 -> "Request Header Fields Too Large";
      case 505 -> "HTTP Version Not Supported";
      default -> "Bad Request";
    };
  }

  /**
   * Checks the raw bytes of a parsed request line part where they are, without making a string
   * of them (this runs for every request).
   *
   * @param chunk the request target or query string as parsed
   * @return whether every byte is printable US-ASCII (no space, no control, no 8-bit)
   */
  static boolean printableAscii(DataChunk chunk) {
    if (chunk.getType() == DataChunk.Type.Buffer) {
      BufferChunk bc = chunk.getBufferChunk();
      Buffer buffer = bc.getBuffer();
      for (int i = bc.getStart(); i < bc.getEnd(); i++) {
        if (!printableAscii(buffer.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (chunk.getType() == DataChunk.Type.Bytes) {
      ByteChunk bc = chunk.getByteChunk();
      byte[] bytes = bc.getBuffer();
      for (int i = bc.getStart(); i < bc.getEnd(); i++) {
        if (!printableAscii(bytes[i])) {
          return false;
        }
      }
      return true;
    }
    return printableAscii(chunk.toString(StandardCharsets.ISO_8859_1));
  }

  private static boolean printableAscii(byte b) {
    int c = b & 0xFF;
    return c > 0x20 && c < 0x7F;
  }

  /**
   * @param s raw text of the request target, may be null
   * @return whether every character is printable US-ASCII (no space, no control, no 8-bit)
   */
  static boolean printableAscii(String s) {
    if (s == null) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        return false;
      }
    }
    return true;
  }
}

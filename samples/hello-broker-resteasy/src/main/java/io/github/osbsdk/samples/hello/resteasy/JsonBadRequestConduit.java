package io.github.osbsdk.samples.hello.resteasy;

import io.github.osbsdk.samples.hello.OsbErrorJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.xnio.Buffers;
import org.xnio.ChannelListener;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Gives Undertow's parse-error answer an OSB error body. When Undertow 2.3's HTTP parser refuses
 * a request (a raw space in the request target, a malformed request line or header field), its
 * read listener ({@code HttpReadListener.sendBadRequestAndClose}) writes the fixed 66 bytes
 * {@link #UNDERTOW_BAD_REQUEST_TEXT} (a bodiless 400) straight to the connection and closes it,
 * with no handler, filter or option in between; on a keep-alive connection that answer follows
 * the responses already sent. This conduit sits next to the socket, below everything Undertow
 * writes, and replaces exactly that answer, wherever it comes on the connection, with a complete
 * 400 carrying {@code {"description":...}} in JSON, a
 * {@code Content-Length} and {@code Connection: close}. Every other byte passes through
 * untouched.
 *
 * <p>A write is replaced when both hold:
 *
 * <ol>
 *   <li>the bytes remaining in that one write call are exactly {@link #UNDERTOW_BAD_REQUEST_TEXT}
 *       (a plain write, or a gathering write whose buffers together hold exactly those bytes);
 *   <li>Undertow's parse-error path makes the call: {@code sendBadRequestAndClose} of
 *       {@code io.undertow.server.protocol.http.HttpReadListener} is on the calling thread's
 *       stack (a {@link StackWalker} walk of at most {@value #STACK_DEPTH} frames, made only for
 *       a write that passed the first test, so in practice once per refused request), or the
 *       write is the first one on the connection (the rule this conduit started with, kept as a
 *       fallback should a later Undertow rename that method).
 * </ol>
 *
 * <p>Why not find the answer by its position, counting each earlier response's body by its
 * {@code Content-Length} or chunks? A response to {@code HEAD} carries the
 * {@code Content-Length} of the {@code GET} and no body (hello-kv's {@code HEAD /v2/catalog}
 * announces the catalog's length and sends nothing more), and nothing below Undertow knows
 * which request a response answers; interim 100-continue responses and upgraded connections
 * add more cases. The caller's identity is exact where counting would guess.
 *
 * <p>Why it is safe: the only bytes written to the connection from inside
 * {@code sendBadRequestAndClose} are Undertow's fixed answer (responses go through Undertow's
 * response conduit and its pipelining buffer from a handler or an exchange's completion, never from
 * that method), and Undertow closes the connection right after it, so the replacement, which also
 * says {@code Connection: close}, ends the connection exactly as the answer did. A response body is
 * therefore never replaced, whatever resource writes it, even one that hands exactly those 66 bytes
 * to a write call of their own: bodies are written from handlers (or an exchange's completion), and
 * never first on a connection, whose first write always starts a response head. The first-write
 * rule could only match an application's own response head, a bodiless 400 with
 * {@code Connection: close} and no {@code Date} header (Undertow adds one by default); the JSON 400
 * replaces it with the same status, framing and close. So a user mounting other resources next to
 * the broker has nothing to avoid. One who upgrades Undertow should keep the raw-socket checks in
 * {@code ResteasyReferenceChecksTest}: they fail if Undertow renames the method or changes its
 * answer, either of which only makes this conduit stop replacing (the bodiless 400 comes back, on
 * keep-alive connections first).
 *
 * <p>Undertow reports the fixed answer written (and then closes the connection) only once the
 * whole replacement has reached the socket: until then a write returns 0 and Undertow waits for
 * the socket to become writable again, as after any partial write. Those later calls come from
 * a write-ready event, no longer from {@code sendBadRequestAndClose}; the replacement under way
 * continues regardless.
 *
 * <p>The same way it replaces the answer of Undertow's Host check ({@code HostHeaderHandler},
 * which Undertow wraps around every root handler, so no handler of the sample runs before it): an
 * HTTP/1.1 request without a {@code Host}, with two, or with a malformed one gets a bodiless 400
 * with a reason phrase of the check's own ({@code No Host Header}, {@code Only One Host Header
 * Allowed}, ...) and {@code Connection: close}. A write that starts with {@code HTTP/1.1 400 }
 * and is made while the check's {@code terminate} is on the stack is replaced with a JSON 400
 * (see {@link #HOST_DESCRIPTION}). On a connection whose requests are pipelined Undertow may hold
 * that answer back and write it later, from elsewhere; it then stays bodiless.
 *
 * <p>Install it with {@link #openListener(ChannelListener)} around Undertow's
 * {@code HttpOpenListener}.
 */
final class JsonBadRequestConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {
  /** What Undertow 2.3's {@code HttpReadListener} writes when it cannot parse a request. */
  static final String UNDERTOW_BAD_REQUEST_TEXT =
      "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  /** The class whose method writes {@link #UNDERTOW_BAD_REQUEST_TEXT}. */
  static final String UNDERTOW_WRITER_CLASS = "io.undertow.server.protocol.http.HttpReadListener";
  /** The method that writes {@link #UNDERTOW_BAD_REQUEST_TEXT}. */
  static final String UNDERTOW_WRITER_METHOD = "sendBadRequestAndClose";
  /** The description of the OSB error body. */
  static final String DESCRIPTION = OsbErrorJson.UNPARSABLE_REQUEST;
  /**
   * How many frames up to look for the writer. Undertow's is a handful of frames up: above this
   * conduit's own frames only the sink channel's {@code write} and
   * {@code StringWriteChannelListener.setup}; the rest is room for conduits stacked in between.
   */
  static final int STACK_DEPTH = 32;
  /** The handler Undertow wraps around every root handler, which checks the Host header. */
  static final String HOST_CHECK_CLASS = "io.undertow.server.handlers.HostHeaderHandler";
  /** Its method that answers a bodiless 400 with a reason phrase of its own. */
  static final String HOST_CHECK_METHOD = "terminate";
  /** The description of the OSB error body that replaces the Host check's answer. */
  static final String HOST_DESCRIPTION = "An HTTP/1.1 request must have exactly one Host header"
      + " with a valid host and port (RFC 9112 3.2).";
  private static final byte[] STATUS_LINE_400 =
      "HTTP/1.1 400 ".getBytes(StandardCharsets.US_ASCII);
  private static final StackWalker STACK = StackWalker.getInstance();
  private static final ByteBuffer UNDERTOW_BAD_REQUEST = ByteBuffer.wrap(
      UNDERTOW_BAD_REQUEST_TEXT.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
  private static final byte[] JSON_BAD_REQUEST = jsonBadRequest(DESCRIPTION);
  private static final byte[] JSON_BAD_HOST = jsonBadRequest(HOST_DESCRIPTION);

  private final String writerClass;
  private final String writerMethod;
  /** Nothing has been written on the connection yet. */
  private boolean first = true;
  /** The rest of the replacement still to write, null unless replacing. */
  private ByteBuffer replacement;

  /**
   * A conduit for a connection nothing has been written on yet.
   *
   * @param next the conduit next to the socket
   */
  JsonBadRequestConduit(StreamSinkConduit next) {
    this(next, UNDERTOW_WRITER_CLASS, UNDERTOW_WRITER_METHOD);
  }

  /**
   * A conduit that looks for another writer of the fixed answer (for tests).
   *
   * @param next the conduit next to the socket
   * @param writerClass the binary name of the class whose method writes the fixed answer
   * @param writerMethod the name of that method
   */
  JsonBadRequestConduit(StreamSinkConduit next, String writerClass, String writerMethod) {
    super(next);
    this.writerClass = writerClass;
    this.writerMethod = writerMethod;
  }

  /**
   * Wraps an open listener (Undertow's {@code HttpOpenListener}) so that each accepted connection
   * gets this conduit next to its socket before the listener sees it.
   *
   * @param http the listener that sets up HTTP on each accepted connection
   * @return the wrapping listener, for {@code ChannelListeners.openListenerAdapter}
   */
  static ChannelListener<StreamConnection> openListener(
      ChannelListener<? super StreamConnection> http) {
    return connection -> {
      ConduitStreamSinkChannel sink = connection.getSinkChannel();
      sink.setConduit(new JsonBadRequestConduit(sink.getConduit()));
      http.handleEvent(connection);
    };
  }

  private static byte[] jsonBadRequest(String description) {
    byte[] body = OsbErrorJson.body(400, description).getBytes(StandardCharsets.UTF_8);
    byte[] head = ("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] answer = new byte[head.length + body.length];
    System.arraycopy(head, 0, answer, 0, head.length);
    System.arraycopy(body, 0, answer, head.length, body.length);
    return answer;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (replacement == null) {
      replacement = replacementFor(new ByteBuffer[] {src}, 0, 1);
    }
    if (replacement != null) {
      return (int) replace(src);
    }
    return (int) written(next.write(src));
  }

  @Override
  public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
    if (replacement == null) {
      replacement = replacementFor(srcs, offs, len);
    }
    if (replacement != null) {
      return replace(Arrays.copyOfRange(srcs, offs, offs + len));
    }
    return written(next.write(srcs, offs, len));
  }

  @Override
  public int writeFinal(ByteBuffer src) throws IOException {
    if (replacement == null) {
      replacement = replacementFor(new ByteBuffer[] {src}, 0, 1);
    }
    return replacement != null ? Conduits.writeFinalBasic(this, src)
        : (int) written(next.writeFinal(src));
  }

  @Override
  public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
    if (replacement == null) {
      replacement = replacementFor(srcs, offs, len);
    }
    return replacement != null ? Conduits.writeFinalBasic(this, srcs, offs, len)
        : written(next.writeFinal(srcs, offs, len));
  }

  @Override
  public long transferFrom(FileChannel src, long position, long count) throws IOException {
    return written(next.transferFrom(src, position, count));
  }

  @Override
  public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer)
      throws IOException {
    // counts bytes read, some may still wait in throughBuffer: no longer the first write anyway
    return written(next.transferFrom(source, count, throughBuffer));
  }

  /**
   * What replaces the bytes a write would write, in however many buffers: the JSON 400 for
   * Undertow's parse-error answer or for its Host check's answer, else null (written as is).
   */
  private ByteBuffer replacementFor(ByteBuffer[] srcs, int offs, int len) {
    if (isUndertowsAnswer(srcs, offs, len)) {
      return ByteBuffer.wrap(JSON_BAD_REQUEST);
    }
    if (isHostChecksAnswer(srcs, offs, len)) {
      return ByteBuffer.wrap(JSON_BAD_HOST);
    }
    return null;
  }

  /**
   * Whether the bytes are the head of the Host check's bodiless 400 ({@code HostHeaderHandler},
   * which Undertow wraps around every root handler and which answers a missing, repeated or
   * malformed Host with reason phrases of its own, {@code Content-Length: 0} and
   * {@code Connection: close}): they start with {@code HTTP/1.1 400 } and the check's answering
   * method is on the calling thread's stack (it ends the exchange, whose head is written from
   * there). Nothing else is written from there, so a response body is never replaced.
   */
  private boolean isHostChecksAnswer(ByteBuffer[] srcs, int offs, int len) {
    if (Buffers.remaining(srcs, offs, len) < STATUS_LINE_400.length) {
      return false;
    }
    int i = 0;
    for (int b = offs; b < offs + len && i < STATUS_LINE_400.length; b++) {
      ByteBuffer src = srcs[b];
      for (int j = src.position(); j < src.limit() && i < STATUS_LINE_400.length; j++, i++) {
        if (src.get(j) != STATUS_LINE_400[i]) {
          return false;
        }
      }
    }
    return onStack(HOST_CHECK_CLASS, HOST_CHECK_METHOD);
  }

  /** Whether the bytes a write would write are Undertow's fixed answer from its parse errors. */
  private boolean isUndertowsAnswer(ByteBuffer[] srcs, int offs, int len) {
    if (Buffers.remaining(srcs, offs, len) != UNDERTOW_BAD_REQUEST.remaining()) {
      return false;
    }
    int i = UNDERTOW_BAD_REQUEST.position();
    for (int b = offs; b < offs + len; b++) {
      ByteBuffer src = srcs[b];
      for (int j = src.position(); j < src.limit(); j++, i++) {
        if (src.get(j) != UNDERTOW_BAD_REQUEST.get(i)) {
          return false;
        }
      }
    }
    return first || onStack(writerClass, writerMethod);
  }

  /** Whether a method is on the calling thread's stack, close above this conduit. */
  private static boolean onStack(String className, String methodName) {
    return STACK.walk(frames -> frames.limit(STACK_DEPTH).anyMatch(
        f -> f.getMethodName().equals(methodName) && f.getClassName().equals(className)));
  }

  /**
   * Writes (and flushes) what is left of the replacement; once all of it has reached the socket,
   * reports the fixed answer as written in its place.
   *
   * @param srcs the fixed answer's bytes as the caller passes them (again after each 0)
   * @return 0 until the replacement has gone out, then the number of bytes in {@code srcs}
   */
  private long replace(ByteBuffer... srcs) throws IOException {
    while (replacement.hasRemaining()) {
      if (next.write(replacement) == 0) {
        return 0;
      }
    }
    if (!next.flush()) {
      return 0;
    }
    replacement = null;
    first = false;
    long consumed = 0;
    for (ByteBuffer src : srcs) {
      consumed += src.remaining();
      src.position(src.limit());
    }
    return consumed;
  }

  private long written(long n) {
    if (n > 0) {
      first = false;
    }
    return n;
  }
}

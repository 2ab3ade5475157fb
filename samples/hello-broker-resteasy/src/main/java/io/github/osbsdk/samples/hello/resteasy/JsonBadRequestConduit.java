package io.github.osbsdk.samples.hello.resteasy;

import io.github.osbsdk.samples.hello.OsbErrorJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * read listener writes the fixed bytes {@link #UNDERTOW_BAD_REQUEST_TEXT} (a bodiless 400)
 * straight to the connection and closes it, with no handler, filter or option in between. This
 * conduit sits next to the socket, below everything Undertow writes, and replaces exactly that
 * answer, when it is the first thing written on the connection, with a complete 400 carrying
 * {@code {"error":"BadRequest","description":...}} in JSON, a {@code Content-Length} and
 * {@code Connection: close}. Every other byte passes through untouched.
 *
 * <p>Undertow reports the fixed answer written (and then closes the connection) only once the
 * whole replacement has reached the socket: until then a write returns 0 and Undertow waits for
 * the socket to become writable again, as after any partial write.
 *
 * <p>Install it with {@link #openListener(ChannelListener)} around Undertow's
 * {@code HttpOpenListener}. Limit: on a keep-alive connection that has already carried a response,
 * a later unparseable request still gets Undertow's bodiless 400 (telling it apart from response
 * bytes there would take parsing the responses).
 */
final class JsonBadRequestConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {
  /** What Undertow 2.3's {@code HttpReadListener} writes when it cannot parse a request. */
  static final String UNDERTOW_BAD_REQUEST_TEXT =
      "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  /** The description of the OSB error body. */
  static final String DESCRIPTION = "The request could not be parsed: a raw space in the request"
      + " target must be percent-encoded (%20), and the request line and header fields must be"
      + " well-formed.";
  private static final ByteBuffer UNDERTOW_BAD_REQUEST = ByteBuffer.wrap(
      UNDERTOW_BAD_REQUEST_TEXT.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
  private static final byte[] JSON_BAD_REQUEST = jsonBadRequest();

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
    super(next);
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

  private static byte[] jsonBadRequest() {
    byte[] body = OsbErrorJson.body(400, DESCRIPTION).getBytes(StandardCharsets.UTF_8);
    byte[] head = ("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] answer = new byte[head.length + body.length];
    System.arraycopy(head, 0, answer, 0, head.length);
    System.arraycopy(body, 0, answer, head.length, body.length);
    return answer;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (first && replacement == null && src.equals(UNDERTOW_BAD_REQUEST)) {
      replacement = ByteBuffer.wrap(JSON_BAD_REQUEST);
    }
    if (replacement != null) {
      return (int) replace(src);
    }
    return (int) written(next.write(src));
  }

  @Override
  public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
    if (first && replacement == null && len == 1) {
      return write(srcs[offs]); // the fixed answer may come as a one-buffer array, too
    }
    if (replacement != null) {
      return replace(Arrays.copyOfRange(srcs, offs, offs + len));
    }
    return written(next.write(srcs, offs, len));
  }

  @Override
  public int writeFinal(ByteBuffer src) throws IOException {
    return first || replacement != null ? Conduits.writeFinalBasic(this, src)
        : next.writeFinal(src);
  }

  @Override
  public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
    return first || replacement != null ? Conduits.writeFinalBasic(this, srcs, offs, len)
        : next.writeFinal(srcs, offs, len);
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

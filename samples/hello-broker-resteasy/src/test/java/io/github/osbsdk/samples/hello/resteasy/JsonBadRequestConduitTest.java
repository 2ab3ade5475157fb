package io.github.osbsdk.samples.hello.resteasy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.xnio.conduits.StreamSinkConduit;

/** {@link JsonBadRequestConduit} against a socket that takes a few bytes at a time. */
class JsonBadRequestConduitTest {
  private static final String UNDERTOW_400 = JsonBadRequestConduit.UNDERTOW_BAD_REQUEST_TEXT;

  /**
   * A socket stand-in: takes at most {@code chunk} bytes per write (a gathering one takes them
   * from its buffers in order), and nothing (0) on every other write and on the first flush.
   */
  private static final class Socket {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final int chunk;
    private int calls;
    private boolean flushed;
    boolean terminated;

    Socket(int chunk) {
      this.chunk = chunk;
    }

    StreamSinkConduit conduit() {
      return (StreamSinkConduit) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {StreamSinkConduit.class}, (proxy, method, args) -> {
            switch (method.getName()) {
              case "write":
                if (args[0] instanceof ByteBuffer src) {
                  return (int) take(new ByteBuffer[] {src}, 0, 1);
                }
                return take((ByteBuffer[]) args[0], (int) args[1], (int) args[2]);
              case "flush":
                boolean done = flushed;
                flushed = true;
                return done;
              case "terminateWrites":
                terminated = true;
                return null;
              default:
                throw new UnsupportedOperationException(method.getName());
            }
          });
    }

    private long take(ByteBuffer[] srcs, int offs, int len) {
      if (calls++ % 2 == 1) {
        return 0;
      }
      int taken = 0;
      for (int i = offs; i < offs + len && taken < chunk; i++) {
        byte[] bytes = new byte[Math.min(chunk - taken, srcs[i].remaining())];
        srcs[i].get(bytes);
        received.writeBytes(bytes);
        taken += bytes.length;
      }
      return taken;
    }

    String text() {
      return received.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * Stands in for Undertow's {@code HttpReadListener}: the conduit under test looks for this
   * class and its method name on the stack, as the real one looks for Undertow's.
   */
  private static final class ParseErrorPath {
    static <T> T sendBadRequestAndClose(Callable<T> write) throws Exception {
      return write.call();
    }
  }

  /** A conduit that takes {@link ParseErrorPath} for Undertow's parse-error path. */
  private static StreamSinkConduit conduit(Socket socket) {
    return new JsonBadRequestConduit(socket.conduit(), ParseErrorPath.class.getName(),
        "sendBadRequestAndClose");
  }

  /**
   * Writes like Undertow's parse-error path: from {@code sendBadRequestAndClose} as long as
   * writes take something, then again and again from outside (a write-ready event) until all is
   * taken.
   */
  private static List<Integer> writeFromParseErrorPath(StreamSinkConduit conduit, ByteBuffer src)
      throws Exception {
    List<Integer> results = ParseErrorPath.sendBadRequestAndClose(() -> {
      List<Integer> first = new ArrayList<>();
      int n;
      do {
        n = conduit.write(src);
        first.add(n);
      } while (src.hasRemaining() && n > 0);
      return first;
    });
    results.addAll(writeAll(conduit, src));
    return results;
  }

  /** Gathering writes, again and again until all is taken. */
  private static void writeAllGathering(StreamSinkConduit conduit, ByteBuffer... srcs)
      throws Exception {
    for (int i = 0; srcs[srcs.length - 1].hasRemaining(); i++) {
      conduit.write(srcs, 0, srcs.length);
      assertThat(i).isLessThan(1000);
    }
  }

  /** A complete 400 with an exact Content-Length, Connection: close and an OSB error body. */
  private static void assertJsonBadRequest(String answer) throws Exception {
    int end = answer.indexOf("\r\n\r\n");
    String head = answer.substring(0, end + 2);
    String body = answer.substring(end + 4);
    assertThat(head).startsWith("HTTP/1.1 400 Bad Request\r\n")
        .contains("\r\nContent-Type: application/json\r\n")
        .contains("\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n")
        .contains("\r\nConnection: close\r\n");
    JsonNode json = new ObjectMapper().readTree(body);
    assertThat(json.has("error")).isFalse();
    assertThat(json.path("description").asText()).isEqualTo(JsonBadRequestConduit.DESCRIPTION);
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  /** Writes like Undertow's StringWriteChannelListener: again and again until all is taken. */
  private static List<Integer> writeAll(StreamSinkConduit conduit, ByteBuffer src)
      throws Exception {
    List<Integer> results = new ArrayList<>();
    while (src.hasRemaining()) {
      results.add(conduit.write(src));
      assertThat(results).hasSizeLessThan(1000);
    }
    return results;
  }

  @Test
  void undertowsBodiless400BecomesAJsonOsbErrorEvenInSmallPieces() throws Exception {
    Socket socket = new Socket(7);
    StreamSinkConduit conduit = new JsonBadRequestConduit(socket.conduit());
    List<Integer> results = writeAll(conduit, ascii(UNDERTOW_400));

    // Undertow sees nothing written until the whole replacement has gone out, then all of it
    assertThat(results.subList(0, results.size() - 1)).containsOnly(0);
    assertThat(results.get(results.size() - 1)).isEqualTo(UNDERTOW_400.length());
    assertJsonBadRequest(socket.text());
  }

  @Test
  void afterAResponseTheParseErrorPathsAnswerIsReplacedEvenInSmallPieces() throws Exception {
    String head = "HTTP/1.1 401 Unauthorized\r\nConnection: keep-alive\r\n"
        + "Content-Type: application/json\r\nContent-Length: 45\r\n\r\n";
    String body = "{\"description\":\"Authentication is required.\"}";
    Socket socket = new Socket(7);
    StreamSinkConduit conduit = conduit(socket);
    // head and body in one gathering write, as Undertow writes a response
    writeAllGathering(conduit, ascii(head), ascii(body));
    List<Integer> results = writeFromParseErrorPath(conduit, ascii(UNDERTOW_400));

    // the first call from sendBadRequestAndClose, the rest from write-ready events
    assertThat(results.size()).isGreaterThan(2);
    assertThat(results.subList(0, results.size() - 1)).containsOnly(0);
    assertThat(results.get(results.size() - 1)).isEqualTo(UNDERTOW_400.length());
    assertThat(socket.text()).startsWith(head + body);
    assertJsonBadRequest(socket.text().substring((head + body).length()));
  }

  @Test
  void afterAResponseTheAnswerInAGatheringWriteOfSeveralBuffersIsReplaced() throws Exception {
    Socket socket = new Socket(1000);
    StreamSinkConduit conduit = conduit(socket);
    String response = "HTTP/1.1 204 No Content\r\n\r\n";
    writeAll(conduit, ascii(response));
    // the answer split over two buffers, between buffers outside the range written
    ByteBuffer[] srcs = {ascii("not this"), ascii(UNDERTOW_400.substring(0, 20)),
        ascii(UNDERTOW_400.substring(20)), ascii("nor this")};
    long n = ParseErrorPath.sendBadRequestAndClose(() -> conduit.write(srcs, 1, 2));
    for (int i = 0; i < 10 && srcs[2].hasRemaining(); i++) {
      n += conduit.write(srcs, 1, 2);
    }
    assertThat(n).isEqualTo(UNDERTOW_400.length());
    assertThat(srcs[0].remaining()).isEqualTo(8);
    assertThat(srcs[3].remaining()).isEqualTo(8);
    assertThat(socket.text()).startsWith(response);
    assertJsonBadRequest(socket.text().substring(response.length()));
  }

  @Test
  void theAnswerAsAFinalWriteIsReplacedAndThenTheSocketShutDown() throws Exception {
    Socket socket = new Socket(1000);
    StreamSinkConduit conduit = conduit(socket);
    String response = "HTTP/1.1 204 No Content\r\n\r\n";
    writeAll(conduit, ascii(response));
    ByteBuffer src = ascii(UNDERTOW_400);
    int n = ParseErrorPath.sendBadRequestAndClose(() -> conduit.writeFinal(src));
    for (int i = 0; i < 10 && src.hasRemaining(); i++) {
      n += conduit.writeFinal(src);
    }
    assertThat(n).isEqualTo(UNDERTOW_400.length());
    assertThat(socket.terminated).isTrue();
    assertJsonBadRequest(socket.text().substring(response.length()));
  }

  @Test
  void theFixedAnswerAsAOneBufferGatheringWriteIsReplacedToo() throws Exception {
    Socket socket = new Socket(1000);
    StreamSinkConduit conduit = new JsonBadRequestConduit(socket.conduit());
    ByteBuffer[] srcs = {ascii(UNDERTOW_400)};
    long n = 0;
    for (int i = 0; i < 10 && srcs[0].hasRemaining(); i++) {
      n += conduit.write(srcs, 0, 1);
    }
    assertThat(n).isEqualTo(UNDERTOW_400.length());
    assertThat(socket.text()).contains("\"description\":").doesNotContain("\"error\"");
  }

  @Test
  void everythingElsePassesByteForByte() throws Exception {
    String response = "HTTP/1.1 200 OK\r\nContent-Length: " + UNDERTOW_400.length() + "\r\n\r\n";
    Socket socket = new Socket(5);
    StreamSinkConduit conduit = new JsonBadRequestConduit(socket.conduit());
    writeAll(conduit, ascii(response));
    // a body that happens to read like Undertow's answer, after the connection's first bytes
    writeAll(conduit, ascii(UNDERTOW_400));
    assertThat(socket.text()).isEqualTo(response + UNDERTOW_400);

    // the fixed answer plus anything else is not the fixed answer
    Socket other = new Socket(1000);
    writeAll(new JsonBadRequestConduit(other.conduit()), ascii(UNDERTOW_400 + "x"));
    assertThat(other.text()).isEqualTo(UNDERTOW_400 + "x");
  }

  @Test
  void afterAResponseTheAnswersBytesPassUnlessTheParseErrorPathWritesThemAlone()
      throws Exception {
    String response = "HTTP/1.1 200 OK\r\nContent-Length: " + 2 * UNDERTOW_400.length()
        + "\r\n\r\n";
    Socket socket = new Socket(1000);
    StreamSinkConduit conduit = conduit(socket);
    writeAll(conduit, ascii(response));
    // a body in two writes that each read like the answer: from a handler, not the parser
    writeAll(conduit, ascii(UNDERTOW_400));
    writeAllGathering(conduit, ascii(UNDERTOW_400.substring(0, 30)),
        ascii(UNDERTOW_400.substring(30)));
    // from the parser's error path, but more than the answer
    writeFromParseErrorPath(conduit, ascii(UNDERTOW_400 + "x"));
    assertThat(socket.text()).isEqualTo(response + UNDERTOW_400.repeat(2) + UNDERTOW_400 + "x");
  }
}

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
import org.junit.jupiter.api.Test;
import org.xnio.conduits.StreamSinkConduit;

/** {@link JsonBadRequestConduit} against a socket that takes a few bytes at a time. */
class JsonBadRequestConduitTest {
  private static final String UNDERTOW_400 = JsonBadRequestConduit.UNDERTOW_BAD_REQUEST_TEXT;

  /**
   * A socket stand-in: takes at most {@code chunk} bytes per write, and nothing (0) on every
   * other write and on the first flush.
   */
  private static final class Socket {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final int chunk;
    private int calls;
    private boolean flushed;

    Socket(int chunk) {
      this.chunk = chunk;
    }

    StreamSinkConduit conduit() {
      return (StreamSinkConduit) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {StreamSinkConduit.class}, (proxy, method, args) -> {
            switch (method.getName()) {
              case "write":
                if (args[0] instanceof ByteBuffer src) {
                  return take(src);
                }
                ByteBuffer[] srcs = (ByteBuffer[]) args[0];
                long n = 0;
                for (int i = (int) args[1]; i < (int) args[1] + (int) args[2]; i++) {
                  n += take(srcs[i]);
                }
                return n;
              case "flush":
                boolean done = flushed;
                flushed = true;
                return done;
              default:
                throw new UnsupportedOperationException(method.getName());
            }
          });
    }

    private int take(ByteBuffer src) {
      if (calls++ % 2 == 1) {
        return 0;
      }
      int n = Math.min(chunk, src.remaining());
      byte[] bytes = new byte[n];
      src.get(bytes);
      received.writeBytes(bytes);
      return n;
    }

    String text() {
      return received.toString(StandardCharsets.UTF_8);
    }
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
    String answer = socket.text();
    int end = answer.indexOf("\r\n\r\n");
    String head = answer.substring(0, end + 2);
    String body = answer.substring(end + 4);
    assertThat(head).startsWith("HTTP/1.1 400 Bad Request\r\n")
        .contains("\r\nContent-Type: application/json\r\n")
        .contains("\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n")
        .contains("\r\nConnection: close\r\n");
    JsonNode json = new ObjectMapper().readTree(body);
    assertThat(json.path("error").asText()).isEqualTo("BadRequest");
    assertThat(json.path("description").asText()).isEqualTo(JsonBadRequestConduit.DESCRIPTION);
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
    assertThat(socket.text()).contains("\"error\":\"BadRequest\"");
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
}

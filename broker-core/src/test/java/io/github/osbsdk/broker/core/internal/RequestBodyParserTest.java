package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestBodyParserTest {
  private final RequestBodyParser bodies = new RequestBodyParser(new ObjectMapper(), 1024);

  /** Reads and parses in one step, as an endpoint does with the body it was given. */
  private ObjectNode readObject(String contentType, String contentLength, InputStream in) {
    return bodies.read(contentType, contentLength, in).object(bodies);
  }

  private static InputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A stream that fails if read past its content, like a connection kept open. */
  private static InputStream neverEnding(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    return new InputStream() {
      private int pos;

      @Override
      public int read() throws IOException {
        if (pos < bytes.length) {
          return bytes[pos++] & 0xff;
        }
        throw new IOException("read past the body");
      }
    };
  }

  @Test
  void bodyIsReadByContentLengthWithoutWaitingForEndOfStream() {
    assertThat(readObject("application/json", "7", neverEnding("{\"a\":1}")).get("a").asInt())
        .isEqualTo(1);
  }

  @Test
  void bodyShorterThanItsContentLengthIsBadRequest() {
    assertThatThrownBy(() -> readObject("application/json", "50", stream("{\"a\":1}")))
        .isInstanceOfSatisfying(ServiceBrokerException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.description()).contains("shorter than its Content-Length");
        });
  }

  private ObjectNode parse(byte[] body) {
    return bodies.read("application/json", null, new ByteArrayInputStream(body)).object(bodies);
  }

  private void assertUnpairedSurrogateRefused(byte[] body) {
    assertThatThrownBy(() -> parse(body))
        .isInstanceOfSatisfying(ServiceBrokerException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.description()).contains("unpaired surrogate");
        });
  }

  @Test
  void unpairedSurrogateEscapesAnywhereAreBadRequest() {
    for (String body : new String[] {
        "{\"parameters\":{\"a\":\"x\\uDBFF+\"}}", // high without its low
        "{\"parameters\":{\"a\":\"\\udc00\"}}", // a low alone, lower-case hex
        "{\"parameters\":{\"a\":\"\\uDE00\\uD83D\"}}", // the pair reversed
        "{\"parameters\":[[\"ok\",[\"\\uDFFF\"]]]}", // deep in arrays
        "{\"service_id\":\"svc\\uD800\"}"}) {
      assertUnpairedSurrogateRefused(body.getBytes(StandardCharsets.UTF_8));
    }
    // in a field name Jackson refuses it itself
    assertThatThrownBy(() -> parse("{\"p\":{\"\\uD800\":1}}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(ServiceBrokerException.class,
            e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void rawBytesThatSpellASurrogateAreNotAccepted() {
    byte[] cesu = {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
    assertThatThrownBy(() -> parse(cesu)).isInstanceOfSatisfying(ServiceBrokerException.class,
        e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void pairedSurrogatesAndLookalikesAreAccepted() {
    assertThat(parse("{\"a\":\"\\uD83D\\uDE00\"}".getBytes(StandardCharsets.UTF_8))
        .get("a").asText()).isEqualTo("\uD83D\uDE00");
    assertThat(parse("{\"a\":\"\uD83D\uDE00\"}".getBytes(StandardCharsets.UTF_8))
        .get("a").asText()).isEqualTo("\uD83D\uDE00");
    // an escaped backslash followed by "uD800" is plain text, not an escape
    assertThat(parse("{\"a\":\"\\\\uD800\"}".getBytes(StandardCharsets.UTF_8))
        .get("a").asText()).isEqualTo("\\uD800");
    assertThat(parse("{\"a\":\"\\uD7FF\\uE000\"}".getBytes(StandardCharsets.UTF_8))
        .get("a").asText()).isEqualTo("\uD7FF\uE000");
  }

  @Test
  void negativeOrNonNumericContentLengthIsBadRequest() {
    assertThatThrownBy(() -> readObject("application/json", "-1", stream("{}")))
        .isInstanceOfSatisfying(ServiceBrokerException.class,
            e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> readObject("application/json", "x", stream("{}")))
        .isInstanceOfSatisfying(ServiceBrokerException.class,
            e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void declaredLengthOverTheLimitIsPayloadTooLargeBeforeReading() {
    assertThatThrownBy(() -> readObject("application/json", "2048", neverEnding("")))
        .isInstanceOfSatisfying(ServiceBrokerException.class,
            e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void chunkedBodyOverTheLimitIsPayloadTooLarge() {
    String big = "{\"a\":\"" + "x".repeat(2000) + "\"}";
    assertThatThrownBy(() -> readObject("application/json", null, stream(big)))
        .isInstanceOfSatisfying(ServiceBrokerException.class,
            e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void failingStreamIsBadRequestNotServerError() {
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("connection reset");
      }
    };
    assertThatThrownBy(() -> readObject("application/json", null, broken))
        .isInstanceOfSatisfying(ServiceBrokerException.class,
            e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void unknownEmptyOrMalformedCharsetIsBadRequestAndKnownOnesAreIgnored() {
    for (String type : new String[] {"application/json; charset=bogus",
        "application/json;CHARSET=\"bogus\"", "application/json; charset=",
        "application/json; charset=a b", "application/json; charset=\"\""}) {
      assertThatThrownBy(() -> readObject(type, null, stream("{}"))).as(type)
          .isInstanceOfSatisfying(ServiceBrokerException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.description()).contains("unknown charset");
          });
    }
    for (String type : new String[] {"application/json; charset=utf-8",
        "application/json;charset=\"UTF-8\"", "application/json; charset=ISO-8859-1",
        "application/json; profile=x", "application/json;"}) {
      assertThat(readObject(type, null, stream("{\"a\":1}")).get("a").asInt()).as(type)
          .isEqualTo(1);
    }
  }
}

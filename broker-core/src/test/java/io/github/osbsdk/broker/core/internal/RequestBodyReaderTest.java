package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestBodyReaderTest {
  private final RequestBodyParser parser =
      new RequestBodyParser(JacksonConfiguration.newMapper(), 1024);
  private final RequestBodyReader reader = new RequestBodyReader(parser);

  private RequestBody read(MultivaluedHashMap<String, String> headers) {
    return reader.readFrom(RequestBody.class, RequestBody.class, null, null, headers,
        new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void oneJsonContentTypeIsRead() {
    MultivaluedHashMap<String, String> headers = new MultivaluedHashMap<>();
    headers.add("Content-Type", "application/json");
    assertThat(read(headers).object(parser).size()).isZero();
  }

  @Test
  void twoContentTypeLinesAreBadRequestEvenWhenTheFirstIsJson() {
    // CXF and RESTEasy hand on both lines and media-type the request by the first
    MultivaluedHashMap<String, String> headers = new MultivaluedHashMap<>();
    headers.add("Content-Type", "application/json");
    headers.add("Content-Type", "text/plain");
    RequestBody body = read(headers);
    assertThat(body.failed()).isTrue();
    assertThatThrownBy(() -> body.object(parser)).isInstanceOfSatisfying(
        ServiceBrokerException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.description()).contains("more than one Content-Type");
        });
  }
}

package io.github.osbsdk.samples.hello.cxf;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * Jetty's own 503 through {@link JettyJsonErrorHandler}: as broker-core answers a 503, with no
 * {@code error} code and {@code Retry-After: 5}; other errors carry no {@code Retry-After}.
 */
class JettyJsonErrorHandlerTest {
  private record Answer(int status, HttpFields headers, String body) {}

  private static Answer answer(int status) {
    AtomicInteger written = new AtomicInteger(status);
    HttpFields.Mutable headers = HttpFields.build();
    AtomicReference<String> body = new AtomicReference<>();
    Response response = (Response) Proxy.newProxyInstance(
        JettyJsonErrorHandlerTest.class.getClassLoader(), new Class<?>[] {Response.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "getStatus" -> {
              return written.get();
            }
            case "setStatus" -> written.set((Integer) args[0]);
            case "getHeaders" -> {
              return headers;
            }
            case "write" -> {
              body.set(StandardCharsets.UTF_8.decode((ByteBuffer) args[1]).toString());
              ((Callback) args[2]).succeeded();
            }
            default -> throw new UnsupportedOperationException(method.getName());
          }
          return null;
        });
    assertThat(new JettyJsonErrorHandler().handle(null, response, Callback.NOOP)).isTrue();
    return new Answer(written.get(), headers, body.get());
  }

  @Test
  void jettysOwnServiceUnavailableHasNoErrorCodeAndARetryAfterOfFiveSeconds() {
    Answer a = answer(503);
    assertThat(a.status()).isEqualTo(503);
    assertThat(a.headers().get(HttpHeader.RETRY_AFTER)).isEqualTo("5");
    assertThat(a.body()).contains("\"description\"").doesNotContain("\"error\"");
  }

  @Test
  void otherErrorsCarryNoRetryAfter() {
    Answer a = answer(500);
    assertThat(a.status()).isEqualTo(500);
    assertThat(a.headers().get(HttpHeader.RETRY_AFTER)).isNull();
    assertThat(a.body()).contains("An internal error occurred").doesNotContain("\"error\"");
  }
}

package io.github.osbsdk.samples.hello.resteasy;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Undertow's own 503 through {@link JsonErrorServlet}: as broker-core answers a 503, with no
 * {@code error} code and {@code Retry-After: 5}; other errors carry no {@code Retry-After}.
 */
class JsonErrorServletTest {
  /** What the servlet wrote: headers (status under ":status") and body. */
  private static Map<String, String> answer(int status) throws Exception {
    HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
        JsonErrorServletTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getDispatcherType" -> DispatcherType.ERROR;
          case "getAttribute" -> RequestDispatcher.ERROR_STATUS_CODE.equals(args[0])
              ? status : null;
          default -> null;
        });
    Map<String, String> written = new HashMap<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ServletOutputStream out = new ServletOutputStream() {
      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setWriteListener(WriteListener listener) {}

      @Override
      public void write(int b) {
        body.write(b);
      }
    };
    HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
        JsonErrorServletTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "setStatus" -> written.put(":status", String.valueOf(args[0]));
            case "setHeader" -> written.put(((String) args[0]).toLowerCase(), (String) args[1]);
            case "getOutputStream" -> {
              return out;
            }
            default -> { }
          }
          return null;
        });
    new JsonErrorServlet().service(request, response);
    written.put(":body", body.toString(StandardCharsets.UTF_8));
    return written;
  }

  @Test
  void undertowsOwnServiceUnavailableHasNoErrorCodeAndARetryAfterOfFiveSeconds()
      throws Exception {
    Map<String, String> a = answer(503);
    assertThat(a).containsEntry(":status", "503").containsEntry("retry-after", "5");
    assertThat(a.get(":body")).contains("\"description\"").doesNotContain("\"error\"");
  }

  @Test
  void otherErrorsCarryNoRetryAfter() throws Exception {
    Map<String, String> a = answer(500);
    assertThat(a).containsEntry(":status", "500").doesNotContainKey("retry-after");
    assertThat(a.get(":body")).contains("An internal error occurred")
        .doesNotContain("\"error\"");
  }
}

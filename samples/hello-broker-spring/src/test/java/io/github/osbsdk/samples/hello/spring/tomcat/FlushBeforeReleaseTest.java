package io.github.osbsdk.samples.hello.spring.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link FlushBeforeRelease}: the response is written out before the chain's caller (Tomcat's
 * wrapper valve, which then releases the servlet) sees the chain return.
 */
class FlushBeforeReleaseTest {
  @Test
  void aFinishedResponseIsFlushedBeforeTheFilterReturns() throws Exception {
    List<String> events = new ArrayList<>();
    new FlushBeforeRelease().doFilter(request(false), response(events),
        (req, res) -> events.add("servlet"));
    assertThat(events).containsExactly("servlet", "flushBuffer");
  }

  @Test
  void anAsynchronousResponseIsLeftAlone() throws Exception {
    List<String> events = new ArrayList<>();
    new FlushBeforeRelease().doFilter(request(true), response(events),
        (req, res) -> events.add("servlet"));
    assertThat(events).containsExactly("servlet");
  }

  private static ServletRequest request(boolean async) {
    return (ServletRequest) Proxy.newProxyInstance(getClass(ServletRequest.class),
        new Class<?>[] {ServletRequest.class}, (proxy, method, args) -> {
          if (method.getName().equals("isAsyncStarted")) {
            return async;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  private static ServletResponse response(List<String> events) {
    return (ServletResponse) Proxy.newProxyInstance(getClass(ServletResponse.class),
        new Class<?>[] {ServletResponse.class}, (proxy, method, args) -> {
          events.add(method.getName());
          return null;
        });
  }

  private static ClassLoader getClass(Class<?> type) {
    return type.getClassLoader();
  }
}

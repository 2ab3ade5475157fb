package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The test server's address is known before its resources are (an SSO's callback names it),
 * and it is its own from then on: another process on a busy machine cannot take the port
 * between the two.
 */
class TestServerTest {
  /** A resource to serve. */
  @Path("hello")
  public static final class Hello {
    /** Answers a greeting. */
    @GET
    public String hello() {
      return "hi";
    }
  }

  @Test
  void aSocketBoundToItsAddressBeforeStartCannotKeepTheServerFromServingThere()
      throws Exception {
    try (TestServer server = new TestServer()) {
      // another process takes the port the base names, as a busy CI machine's tests may:
      // before, the port was only probed free and closed, and start() then failed to bind it
      ServerSocket other = takeIfFree(server.base.getPort());
      try {
        server.start(Set.of(new Hello()));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            server.base.resolve("/hello")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hi");
      } finally {
        if (other != null) {
          other.close();
        }
      }
    }
  }

  /** Binds 127.0.0.1 at {@code port} as another process would; null when that is refused. */
  private static ServerSocket takeIfFree(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    try {
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return s;
    } catch (BindException inUse) {
      s.close();
      return null;
    }
  }
}

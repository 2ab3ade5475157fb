package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An error a host's own component answers on a broker path, in a body of its own, is answered
 * with an OSB error body by the SDK: over real HTTP (Jersey on Grizzly), the headers that
 * described the host's body go with it, the others stay, and the description says what the
 * status means.
 */
class ContainerErrorRewriteTest {
  /** The request header that tells {@link HostGate} which status to answer. */
  static final String ANSWER = "X-Host-Answer";
  private static TestServer server;

  /** A host's filter that answers some requests itself, with a gzipped HTML page. */
  public static final class HostGate implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
      String status = request.getHeaderString(ANSWER);
      if (status == null) {
        return;
      }
      request.abortWith(Response.status(Integer.parseInt(status)).type(MediaType.TEXT_HTML_TYPE)
          .entity("<html>host page</html>")
          .header("Content-Encoding", "gzip")
          .header("ETag", "\"host-page\"")
          .header("Content-Language", "de")
          .header("Content-Location", "/errors/host.html")
          .header("Content-Disposition", "inline; filename=error.html")
          .header("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT")
          .header("Retry-After", "120")
          .header("Allow", "GET")
          .header("WWW-Authenticate", "Basic realm=\"host\"")
          .header("X-Host-Trace", "t-1").build());
    }
  }

  @BeforeAll
  static void start() {
    server = new TestServer(Broker.builder(new TestServiceBroker())
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
        .register(new HostGate()).build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void hostErrorRewrittenToJsonDropsTheHeadersOfTheBodyItReplaces() {
    Reply r = server.call("GET", "/v2/catalog").header(ANSWER, "404").send();
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/json");
    assertThat(r.json().get("description").asText()).as(r.toString()).isNotBlank();
    for (String name : new String[] {"Content-Encoding", "ETag", "Content-Language",
        "Content-Location", "Content-Disposition", "Last-Modified"}) {
      assertThat(r.header(name)).as(name + " in " + r).isNull();
    }
    assertThat(r.header("Retry-After")).as(r.toString()).isEqualTo("120");
    assertThat(r.header("Allow")).as(r.toString()).isEqualTo("GET");
    assertThat(r.header("WWW-Authenticate")).as(r.toString()).isEqualTo("Basic realm=\"host\"");
    assertThat(r.header("X-Host-Trace")).as(r.toString()).isEqualTo("t-1");
    assertThat(r.header("X-Broker-API-Request-Identity")).as(r.toString()).isNotBlank();
  }

  @Test
  void hostServiceUnavailableIsDescribedAsUnavailableNotAsAnInternalError() {
    Reply r = server.call("GET", "/v2/catalog").header(ANSWER, "503")
        .header("X-Broker-API-Request-Identity", "req-503").send();
    assertThat(r.status()).isEqualTo(503);
    String description = r.json().get("description").asText();
    assertThat(description).as(r.toString()).doesNotContainIgnoringCase("internal error")
        .containsIgnoringCase("unavailable").containsIgnoringCase("try again")
        .contains("req-503");
    assertThat(r.header("Retry-After")).as(r.toString()).isEqualTo("120");
  }

  @Test
  void hostGatewayTimeoutIsDescribedByItsStatus() {
    Reply r = server.call("GET", "/v2/catalog").header(ANSWER, "504").send();
    assertThat(r.status()).isEqualTo(504);
    assertThat(r.json().get("description").asText()).as(r.toString())
        .doesNotContainIgnoringCase("internal error").containsIgnoringCase("timeout");
  }

  @Test
  void hostInternalServerErrorIsStillAnInternalError() {
    Reply r = server.call("GET", "/v2/catalog").header(ANSWER, "500")
        .header("X-Broker-API-Request-Identity", "req-500").send();
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.json().get("description").asText()).as(r.toString())
        .containsIgnoringCase("internal error").contains("req-500");
  }
}

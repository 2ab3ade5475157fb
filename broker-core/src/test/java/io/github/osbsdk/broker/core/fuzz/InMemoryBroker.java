package io.github.osbsdk.broker.core.fuzz;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import jakarta.ws.rs.core.SecurityContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * A broker mounted in Jersey's {@link ApplicationHandler} without sockets: the real filters,
 * resources and message body writers run, only the HTTP parsing of a server is left out. About a
 * hundred times faster than a round trip through Grizzly, which is what a fuzzer needs.
 */
final class InMemoryBroker implements AutoCloseable {
  static final String USER = "platform";
  static final String PASSWORD = "s3cret";
  static final String BASIC = "Basic " + Base64.getEncoder()
      .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  private static final URI BASE = URI.create("http://127.0.0.1/");
  private static final SecurityContext INSECURE = new SecurityContext() {
    @Override
    public Principal getUserPrincipal() {
      return null;
    }

    @Override
    public boolean isUserInRole(String role) {
      return false;
    }

    @Override
    public boolean isSecure() {
      return false;
    }

    @Override
    public String getAuthenticationScheme() {
      return null;
    }
  };

  /** The provider behind the broker. */
  final FuzzServiceBroker provider = new FuzzServiceBroker();
  private final Broker broker;
  private final ApplicationHandler handler;

  InMemoryBroker() {
    this.broker = Broker.builder(provider)
        .authenticator(BasicAuthenticator.of(USER, PASSWORD))
        .retryAfter(Duration.ofSeconds(1)).build();
    this.handler = new ApplicationHandler(ResourceConfig.forApplication(broker.application()));
  }

  /**
   * Sends one request.
   *
   * @param method the HTTP method
   * @param pathAndQuery the raw (percent-encoded) path and query, starting with {@code /}
   * @param headers the headers, each name with its values
   * @param body the body, null for none
   * @return the response
   */
  Reply send(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
    ContainerRequest request = new ContainerRequest(BASE, URI.create("http://127.0.0.1"
        + pathAndQuery), method, INSECURE, new MapPropertiesDelegate(),
        handler.getConfiguration());
    headers.forEach((name, values) -> values.forEach(v -> request.header(name, v)));
    request.setEntityStream(new ByteArrayInputStream(body == null ? new byte[0] : body));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ContainerResponse response = handler.apply(request, out).get(30, TimeUnit.SECONDS);
      return new Reply(response.getStatus(), response.getHeaderString("Content-Type"),
          response.getHeaderString("X-Broker-API-Request-Identity"), out.toByteArray());
    } catch (ExecutionException e) {
      throw new AssertionError("an exception escaped the container: " + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    broker.close();
  }

  /** A response: status, content type, request id header and body bytes. */
  record Reply(int status, String contentType, String requestId, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return status + " " + contentType + " " + text();
    }
  }
}

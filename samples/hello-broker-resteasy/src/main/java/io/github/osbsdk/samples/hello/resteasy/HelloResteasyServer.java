package io.github.osbsdk.samples.hello.resteasy;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.samples.hello.HelloBroker;
import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.InMemoryKeyValueStore;
import io.github.osbsdk.samples.hello.servlet.ServletRequestGuard;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;
import org.jboss.resteasy.spi.ResteasyDeployment;

/**
 * hello-kv on RESTEasy 6.2 and an embedded Undertow server.
 *
 * <p>IBM Cloud ids are CRNs and arrive with {@code %2F}. Undertow's
 * {@link UndertowOptions#DECODE_SLASH} (which replaces the deprecated
 * {@code ALLOW_ENCODED_SLASH}) decides whether Undertow decodes {@code %2F} in the path it routes
 * by; it is set to {@code false} (Undertow 2.3's default) explicitly so the encoded slash stays
 * one path segment. RESTEasy matches the raw request URI and hands the raw segment to the SDK,
 * which decodes it exactly once (verified with both settings on RESTEasy 6.2.16).
 *
 * <p>{@link ServletRequestGuard} answers malformed escapes, raw bytes that must be
 * percent-encoded and header sections over 8 KiB with OSB error bodies in JSON. What Undertow
 * refuses while parsing the request line (a raw space or a control byte in the target) still
 * gets its bodiless 400: Undertow writes that answer itself and offers no hook.
 */
public final class HelloResteasyServer implements AutoCloseable {
  private final UndertowJaxrsServer server;
  private final URI baseUri;

  private HelloResteasyServer(UndertowJaxrsServer server, URI baseUri) {
    this.server = server;
    this.baseUri = baseUri;
  }

  /**
   * Starts the server.
   *
   * @param config the configuration; port 0 picks a free port
   * @return the running server
   */
  public static HelloResteasyServer start(HelloConfig config) {
    int port = config.port() == 0 ? freePort(config.host()) : config.port();
    String publicUrl = config.publicUrl(port);
    Broker broker = HelloBroker.broker(config, new InMemoryKeyValueStore(),
        new AtomicReference<>(publicUrl)::get);
    UndertowJaxrsServer server = new UndertowJaxrsServer();
    server.start(Undertow.builder()
        .addHttpListener(port, config.host())
        .setServerOption(UndertowOptions.DECODE_SLASH, false)
        // Undertow answers a malformed escape (%ZZ) or a raw non-ASCII byte with a bodiless 400
        // while parsing; leave the raw target to the guard below, which answers in JSON
        .setServerOption(UndertowOptions.DECODE_URL, false)
        .setServerOption(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, true));
    ResteasyDeployment deployment = new ResteasyDeploymentImpl();
    deployment.setApplication(broker.application());
    DeploymentInfo info = server.undertowDeployment(deployment)
        .setClassLoader(HelloResteasyServer.class.getClassLoader())
        .setContextPath("/")
        .setDeploymentName("hello-broker")
        .addFilter(Servlets.filter("osb-request-guard", ServletRequestGuard.class))
        .addFilterUrlMapping("osb-request-guard", "/*", DispatcherType.REQUEST);
    server.deploy(info);
    String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
    return new HelloResteasyServer(server, URI.create("http://" + host + ":" + port));
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  /** @return the base URI, e.g. {@code http://127.0.0.1:41234} (no trailing slash) */
  public URI baseUri() {
    return baseUri;
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop();
  }
}

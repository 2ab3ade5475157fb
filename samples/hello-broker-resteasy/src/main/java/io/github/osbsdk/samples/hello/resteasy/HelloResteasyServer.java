package io.github.osbsdk.samples.hello.resteasy;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.samples.hello.HelloBroker;
import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.InMemoryKeyValueStore;
import io.github.osbsdk.samples.hello.OsbErrorJson;
import io.github.osbsdk.samples.hello.servlet.ServletRequestGuard;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.util.Headers;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;
import org.jboss.resteasy.spi.ResteasyDeployment;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

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
 * <p>A request for the asterisk target ({@code OPTIONS *}) is answered 404 with an OSB error body
 * before the servlet deployment, which cannot map it.
 *
 * <p>{@link JsonErrorServlet} is the error page, so what RESTEasy refuses with {@code sendError}
 * gets an OSB error body in JSON too. Undertow's own request entity limit is off: over it
 * Undertow answers a bodiless 500, and the SDK refuses large bodies itself (413).
 *
 * <p>{@link ServletRequestGuard} answers malformed escapes, raw bytes that must be
 * percent-encoded and header sections over 8 KiB with OSB error bodies in JSON. What Undertow's
 * parser refuses before any handler runs (a raw space in the request target, a malformed request
 * line or header field) it answers itself, with a fixed bodiless 400 written straight to the
 * connection. Undertow offers no option or handler for that answer, so the HTTP listener is
 * opened here rather than by {@code Undertow.Builder}: each accepted connection first gets a
 * {@link JsonBadRequestConduit} next to its socket, which turns that answer into a 400 with an
 * OSB error body in JSON, then Undertow's {@link HttpOpenListener} with the options and socket
 * options {@code Undertow.start()} would give it.
 */
public final class HelloResteasyServer implements AutoCloseable {
  /** How long {@link #close()} lets requests in progress finish. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
  /** Undertow's default buffer size when the JVM may use 128 MiB or more. */
  private static final int BUFFER_SIZE = 16 * 1024 - 20;
  /** Undertow's default number of buffers each thread keeps. */
  private static final int BUFFERS_PER_THREAD = 4;

  private final UndertowJaxrsServer server;
  private final Broker broker;
  private final AcceptingChannel<StreamConnection> listener;
  private final ByteBufferPool buffers;
  private final GracefulShutdownHandler requests;
  private final URI baseUri;

  private HelloResteasyServer(UndertowJaxrsServer server, Broker broker,
      AcceptingChannel<StreamConnection> listener, ByteBufferPool buffers,
      GracefulShutdownHandler requests, URI baseUri) {
    this.server = server;
    this.broker = broker;
    this.listener = listener;
    this.buffers = buffers;
    this.requests = requests;
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
    // Undertow without a listener of its own: it runs the worker threads, the listener is opened
    // below (Undertow.Builder has no hook between accepting a connection and parsing on it)
    ByteBufferPool buffers = new DefaultByteBufferPool(true, BUFFER_SIZE, -1,
        BUFFERS_PER_THREAD);
    JaxrsServer server = new JaxrsServer();
    server.start(Undertow.builder().setByteBufferPool(buffers));
    AcceptingChannel<StreamConnection> listener = null;
    GracefulShutdownHandler requests;
    try {
      ResteasyDeployment deployment = new ResteasyDeploymentImpl();
      deployment.setApplication(broker.application());
      DeploymentInfo info = server.undertowDeployment(deployment)
          .setClassLoader(HelloResteasyServer.class.getClassLoader())
          .setContextPath("/")
          .setDeploymentName("hello-broker")
          .addFilter(Servlets.filter("osb-request-guard", ServletRequestGuard.class))
          .addFilterUrlMapping("osb-request-guard", "/*", DispatcherType.REQUEST)
          // sendError (RESTEasy's answer to a Content-Type it cannot parse) in JSON, not HTML
          .addServlet(Servlets.servlet("osb-error", JsonErrorServlet.class)
              .addMapping(JsonErrorServlet.PATH))
          .addErrorPage(Servlets.errorPage(JsonErrorServlet.PATH));
      server.deploy(info);
      HttpOpenListener http = new HttpOpenListener(buffers, OptionMap.builder()
          // what Undertow.start() gives each HTTP listener of its own
          .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
          .set(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
          .set(UndertowOptions.DECODE_SLASH, false)
          // Undertow answers a malformed escape (%ZZ) or a raw non-ASCII byte with a bodiless
          // 400 while parsing; leave the raw target to the guard, which answers in JSON
          .set(UndertowOptions.DECODE_URL, false)
          .set(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, true)
          // no entity size limit of Undertow's own: over its default (2 MiB) it answers a
          // bodiless 500 however the request ends; the SDK refuses a body over its limit with
          // 413 and an OSB error body
          .set(UndertowOptions.MAX_ENTITY_SIZE, 0L)
          .getMap());
      // counts the requests in progress, so close() can let them finish
      requests = Handlers.gracefulShutdown(asteriskTarget(server.root()));
      http.setRootHandler(requests);
      XnioWorker worker = server.worker();
      listener = worker.createStreamConnectionServer(
          new InetSocketAddress(InetAddress.getByName(config.host()), port),
          ChannelListeners.openListenerAdapter(JsonBadRequestConduit.openListener(http)),
          OptionMap.builder() // Undertow.start()'s socket options
              .set(Options.WORKER_IO_THREADS, worker.getIoThreadCount())
              .set(Options.TCP_NODELAY, true)
              .set(Options.REUSE_ADDRESSES, true)
              .set(Options.BALANCING_TOKENS, 1)
              .set(Options.BALANCING_CONNECTIONS, 2)
              .set(Options.BACKLOG, 1000)
              .getMap());
      listener.resumeAccepts();
    } catch (IOException e) {
      stop(server, listener, buffers);
      broker.close();
      throw new UncheckedIOException("cannot listen on " + config.host() + ":" + port, e);
    } catch (RuntimeException e) {
      stop(server, listener, buffers);
      broker.close();
      throw e;
    }
    String host = config.hostIsWildcard() ? "localhost" : config.host();
    return new HelloResteasyServer(server, broker, listener, buffers, requests,
        URI.create("http://" + host + ":" + port));
  }

  /**
   * Answers a request for the asterisk target ({@code OPTIONS * HTTP/1.1}, RFC 9112 3.2.4) with
   * 404 and an OSB error body, as Grizzly and Jetty do, and passes every other request on.
   * Undertow's servlet deployment cannot map a path that does not start with {@code /}: it
   * answered a bodiless 500 and logged an ERROR with a stack trace for each such request, which
   * any client could send without credentials.
   */
  private static HttpHandler asteriskTarget(HttpHandler next) {
    byte[] body = OsbErrorJson.body(404, "The server answers no request for the asterisk"
        + " target (*); the broker's endpoints are under /v2/.").getBytes(StandardCharsets.UTF_8);
    return exchange -> {
      if (!exchange.getRequestURI().startsWith("*")) {
        next.handleRequest(exchange);
        return;
      }
      exchange.setStatusCode(404);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
      exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
      exchange.getResponseSender().send(ByteBuffer.wrap(body));
    };
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  /**
   * The server's base URI.
   *
   * @return the base URI, e.g. {@code http://127.0.0.1:41234} (no trailing slash)
   */
  public URI baseUri() {
    return baseUri;
  }

  /**
   * Stops the server gracefully: it takes no new connections, refuses new requests on open ones
   * (503), and the requests it is already receiving or handling get up to
   * {@link #SHUTDOWN_GRACE} to finish (a rolling deploy's SIGTERM does not cut a provision in
   * half); what still runs then is cut. Then it closes the broker (its running operations are
   * left for another replica).
   */
  @Override
  public void close() {
    IoUtils.safeClose(listener);
    requests.shutdown();
    try {
      requests.awaitShutdown(SHUTDOWN_GRACE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      stop(server, listener, buffers);
    } finally {
      broker.close();
    }
  }

  private static void stop(UndertowJaxrsServer server,
      AcceptingChannel<StreamConnection> listener, ByteBufferPool buffers) {
    IoUtils.safeClose(listener);
    server.stop();
    buffers.close();
  }

  /** RESTEasy's embedded server with its root handler and Undertow's worker in reach. */
  private static final class JaxrsServer extends UndertowJaxrsServer {
    HttpHandler root() {
      return root;
    }

    XnioWorker worker() {
      return server.getWorker();
    }
  }
}

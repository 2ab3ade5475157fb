package io.github.osbsdk.broker.testkit.internal.run;

import io.github.osbsdk.broker.core.Broker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Broker} mounted on embedded Jersey + Grizzly at {@code 127.0.0.1} on a random port.
 * Jersey and Grizzly are optional dependencies of the kit: call {@link InProcessSupport#require()}
 * before touching this class. Their types are reached by reflection (all public API), so the
 * kit's module descriptor names neither: Jersey's jars have no module name of their own, and a
 * descriptor requiring them by their file names could not be published.
 */
public final class InProcessServer implements AutoCloseable {
  /**
   * Jersey warns once per resource registered as an instance that it "will be ignored" as a
   * provider (harmless: it is served as a resource). Held strongly: JUL forgets the level of a
   * logger that is garbage-collected.
   */
  private static final Logger JERSEY_PROVIDERS =
      Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

  static {
    if (JERSEY_PROVIDERS.getLevel() == null) {
      JERSEY_PROVIDERS.setLevel(Level.SEVERE);
    }
  }

  /** Grizzly's {@code org.glassfish.grizzly.http.server.HttpServer}. */
  private final Object server;
  private final Method shutdownNow;
  private final URI baseUrl;

  private InProcessServer(Object server, Method shutdownNow, URI baseUrl) {
    this.server = server;
    this.shutdownNow = shutdownNow;
    this.baseUrl = baseUrl;
  }

  /**
   * Starts a server for a broker.
   *
   * @param broker the broker
   * @return the running server
   */
  public static InProcessServer start(Broker broker) {
    Objects.requireNonNull(broker, "broker == null");
    try {
      Class<?> configType = type("org.glassfish.jersey.server.ResourceConfig");
      Object config = configType.getConstructor().newInstance();
      configType.getMethod("registerInstances", Set.class).invoke(config, broker.singletons());
      Class<?> serverType = type("org.glassfish.grizzly.http.server.HttpServer");
      Object server = type("org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory")
          .getMethod("createHttpServer", URI.class, configType, boolean.class)
          .invoke(null, URI.create("http://127.0.0.1:0/"), config, false);
      // IBM Cloud ids are CRNs and arrive with %2F: let Grizzly pass encoded slashes through
      Object serverConfig = serverType.getMethod("getServerConfiguration").invoke(server);
      Map<?, ?> handlers = (Map<?, ?>) type("org.glassfish.grizzly.http.server.ServerConfiguration")
          .getMethod("getHttpHandlersWithMapping").invoke(serverConfig);
      Method allowEncodedSlash = type("org.glassfish.grizzly.http.server.HttpHandler")
          .getMethod("setAllowEncodedSlash", boolean.class);
      for (Object handler : handlers.keySet()) {
        allowEncodedSlash.invoke(handler, true);
      }
      Method shutdownNow = serverType.getMethod("shutdownNow");
      serverType.getMethod("start").invoke(server);
      return running(server, serverType, shutdownNow);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw new UncheckedIOException("cannot start the in-process broker", io);
      }
      throw rethrown(cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot start the in-process broker: this Jersey or"
          + " Grizzly version lacks " + e.getMessage(), e);
    }
  }

  /**
   * The server once started: reads its port. Any failure shuts it down, so that it does not keep
   * its port (and threads) with nobody to close it.
   *
   * @param server a started Grizzly {@code HttpServer}
   * @param serverType its class as seen by the kit
   * @param shutdownNow its {@code shutdownNow}, looked up before it started
   */
  static InProcessServer running(Object server, Class<?> serverType, Method shutdownNow)
      throws ReflectiveOperationException {
    try {
      Iterable<?> listeners = (Iterable<?>) serverType.getMethod("getListeners").invoke(server);
      Object listener = listeners.iterator().next();
      int port = (Integer) type("org.glassfish.grizzly.http.server.NetworkListener")
          .getMethod("getPort").invoke(listener);
      return new InProcessServer(server, shutdownNow, URI.create("http://127.0.0.1:" + port));
    } catch (ReflectiveOperationException | RuntimeException | Error e) {
      try {
        shutdownNow.invoke(server);
      } catch (ReflectiveOperationException | RuntimeException | Error stop) {
        e.addSuppressed(stop);
      }
      throw e;
    }
  }

  /** @return {@code http://127.0.0.1:PORT} */
  public URI baseUrl() {
    return baseUrl;
  }

  /** Stops the server. */
  @Override
  public void close() {
    try {
      shutdownNow.invoke(server);
    } catch (InvocationTargetException e) {
      throw rethrown(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot stop the in-process broker", e);
    }
  }

  private static Class<?> type(String name) throws ClassNotFoundException {
    return Class.forName(name, true, InProcessServer.class.getClassLoader());
  }

  private static RuntimeException rethrown(Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException("the in-process broker failed", cause);
  }
}

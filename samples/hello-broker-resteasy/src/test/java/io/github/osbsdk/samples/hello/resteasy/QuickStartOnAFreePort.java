package io.github.osbsdk.samples.hello.resteasy;

import io.github.osbsdk.broker.core.Broker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;

/**
 * The README's RESTEasy mounting ({@link QuickStartResteasy}) started on 127.0.0.1 for a test.
 * The quick start takes a port, not 0: a free one is probed, and a start that fails because
 * something took it in between is tried on another (five tries), so a collision is no failure.
 *
 * @param server the started server, which the test stops
 * @param port the port it listens on
 */
record QuickStartOnAFreePort(UndertowJaxrsServer server, int port) {
  static QuickStartOnAFreePort start(Broker broker) {
    for (int tries = 5; ; tries--) {
      int port = probeFreePort();
      try {
        return new QuickStartOnAFreePort(QuickStartResteasy.start(broker, "127.0.0.1", port),
            port);
      } catch (RuntimeException e) {
        if (tries <= 1) {
          throw e;
        }
      }
    }
  }

  private static int probeFreePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

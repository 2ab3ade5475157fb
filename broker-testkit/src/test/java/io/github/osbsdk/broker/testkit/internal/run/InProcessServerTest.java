package io.github.osbsdk.broker.testkit.internal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.junit.jupiter.api.Test;

class InProcessServerTest {
  /** A started server whose listeners cannot be read; counts its shutdowns. */
  private static final class UnreadableServer extends HttpServer {
    final AtomicInteger shutdowns = new AtomicInteger();

    @Override
    public synchronized Collection<NetworkListener> getListeners() {
      throw new IllegalStateException("listeners unreadable");
    }

    @Override
    public synchronized void shutdownNow() {
      shutdowns.incrementAndGet();
    }
  }

  @Test
  void aStartedServerWhosePortCannotBeReadIsShutDown() throws Exception {
    UnreadableServer server = new UnreadableServer();

    assertThatThrownBy(() -> InProcessServer.running(server, HttpServer.class,
        HttpServer.class.getMethod("shutdownNow")))
        .isInstanceOf(InvocationTargetException.class)
        .cause().hasMessage("listeners unreadable");
    assertThat(server.shutdowns).hasValue(1);
  }
}

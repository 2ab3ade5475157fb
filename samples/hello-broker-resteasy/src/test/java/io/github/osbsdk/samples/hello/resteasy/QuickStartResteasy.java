package io.github.osbsdk.samples.hello.resteasy;

import io.github.osbsdk.broker.core.Broker;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;

/** The README's RESTEasy mounting, compiled (and run by {@link QuickStartResteasyTest}). */
final class QuickStartResteasy {
  private QuickStartResteasy() {}

  static UndertowJaxrsServer start(Broker broker, String host, int port) {
    // tag::resteasy[]
    UndertowJaxrsServer server = new UndertowJaxrsServer();
    server.start(Undertow.builder()
        .addHttpListener(port, host)
        .setServerOption(UndertowOptions.DECODE_SLASH, false)); // keep %2F in CRN ids as sent
    server.deploy(broker.application()); // the same Broker as on Jersey
    // end::resteasy[]
    return server;
  }
}

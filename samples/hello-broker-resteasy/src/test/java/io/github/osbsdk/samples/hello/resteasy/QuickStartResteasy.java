package io.github.osbsdk.samples.hello.resteasy;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.samples.hello.servlet.ServletRequestGuard;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.servlet.Servlets;
import jakarta.servlet.DispatcherType;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;
import org.jboss.resteasy.spi.ResteasyDeployment;

/**
 * The README's RESTEasy mounting, compiled (and run by {@link QuickStartResteasyTest} and
 * {@link QuickStartResteasyErrorBodyTest}; the first checks the README holds this text).
 */
final class QuickStartResteasy {
  private QuickStartResteasy() {}

  static UndertowJaxrsServer start(Broker broker, String host, int port) {
    // tag::resteasy[]
    UndertowJaxrsServer server = new UndertowJaxrsServer();
    server.start(Undertow.builder()
        .addHttpListener(port, host)
        .setServerOption(UndertowOptions.DECODE_SLASH, false) // keep %2F in CRN ids as sent
        // leave a malformed escape (%ZZ) to ServletRequestGuard, which answers it in JSON;
        // Undertow would answer it itself with a bodiless 400
        .setServerOption(UndertowOptions.DECODE_URL, false)
        .setServerOption(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, true));
    ResteasyDeployment deployment = new ResteasyDeploymentImpl();
    deployment.setApplication(broker.application()); // the same Broker as on Jersey
    server.deploy(server.undertowDeployment(deployment)
        .setClassLoader(ServletRequestGuard.class.getClassLoader())
        .setContextPath("/")
        .setDeploymentName("broker")
        .addFilter(Servlets.filter("osb-request-guard", ServletRequestGuard.class))
        .addFilterUrlMapping("osb-request-guard", "/*", DispatcherType.REQUEST)
        // what RESTEasy refuses with sendError (a Content-Type it cannot parse) in JSON too
        .addServlet(Servlets.servlet("osb-error", JsonErrorServlet.class)
            .addMapping(JsonErrorServlet.PATH))
        .addErrorPage(Servlets.errorPage(JsonErrorServlet.PATH)));
    // end::resteasy[]
    return server;
  }
}

package io.github.osbsdk.samples.hello.spring.tomcat;

import io.github.osbsdk.samples.hello.HttpLimits;
import org.apache.catalina.Container;
import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ContinueResponseTiming;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * The Tomcat settings an OSB broker needs, for Spring Boot ({@link OsbTomcatConfiguration}
 * declares it as a bean, with the request guard; import that rather than declaring this alone):
 *
 * <ul>
 *   <li>{@code encodedSolidusHandling="passthrough"}: IBM Cloud ids are CRNs and arrive with
 *       {@code %2F}; Tomcat's default refuses them with 400, and {@code decode} would split the id
 *       into two path segments. Spring Boot has no property for it.</li>
 *   <li>{@code continueResponseTiming="onRead"}: a client that sends {@code Expect: 100-continue}
 *       is asked for the body only once the broker reads it, so the body is never sent before
 *       Tomcat counts the request as in progress for Spring Boot's graceful shutdown. With
 *       Tomcat's default ({@code immediately}) the {@code 100 Continue} went out before the
 *       request reached its servlet: a SIGTERM in between let the graceful shutdown find no
 *       active request and close the connection while the body was on its way, and the
 *       platform could not tell whether the provision happened.</li>
 *   <li>{@code maxHttpRequestHeaderSize} of at least {@link HttpLimits#MAX_REQUEST_HEAD}: it
 *       counts the request line too, and a {@code last_operation} poll carries an operation of
 *       up to 10,000 characters percent-encoded in it (Tomcat's default, 8 KiB, answered such a
 *       poll 431 for ever); {@code ServletRequestGuard} holds the header fields alone to
 *       8 KiB.</li>
 *   <li>Tomcat's HTML error pages (a malformed escape such as {@code %ZZ}, raw control bytes or a
 *       raw space in the request target, an oversized header section) become OSB error bodies in
 *       JSON ({@link JsonErrorReportValve}); an oversized header section gets 431.</li>
 * </ul>
 */
public final class OsbTomcatCustomizer
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
  /** Creates the customizer. */
  public OsbTomcatCustomizer() {}

  /**
   * Applies the settings.
   *
   * @param factory Spring Boot's Tomcat factory
   */
  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addConnectorCustomizers(connector -> {
      connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
      if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
        http.setContinueResponseTiming(ContinueResponseTiming.ON_REQUEST_BODY_READ.toString());
        // runs after Spring Boot's server.max-http-request-header-size (8 KB by default)
        http.setMaxHttpRequestHeaderSize(Math.max(http.getMaxHttpRequestHeaderSize(),
            HttpLimits.MAX_REQUEST_HEAD));
      }
    });
    // the host's error report valve renders every error Tomcat produces itself; the host is
    // created after the factory's customizers run, so swap the valve when the context starts
    factory.addContextLifecycleListeners(event -> {
      if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
        Container parent = ((Container) event.getLifecycle()).getParent();
        if (parent instanceof Host host) {
          useJsonErrorReports(host);
        }
      }
    });
  }

  private static void useJsonErrorReports(Host host) {
    for (Valve valve : host.getPipeline().getValves()) {
      if (valve instanceof ErrorReportValve && !(valve instanceof JsonErrorReportValve)) {
        host.getPipeline().removeValve(valve);
      }
    }
    if (host instanceof org.apache.catalina.core.StandardHost standard) {
      standard.setErrorReportValveClass(JsonErrorReportValve.class.getName());
    }
    boolean present = false;
    for (Valve valve : host.getPipeline().getValves()) {
      present |= valve instanceof JsonErrorReportValve;
    }
    if (!present) {
      host.getPipeline().addValve(new JsonErrorReportValve());
    }
  }
}

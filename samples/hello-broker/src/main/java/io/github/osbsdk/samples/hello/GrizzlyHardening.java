package io.github.osbsdk.samples.hello;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Container settings a broker on Grizzly needs so that bad input never reaches a stack trace and
 * every error Grizzly produces itself is an OSB error body in JSON.
 *
 * <p>Grizzly and Jersey turn a request URI with a malformed percent escape (e.g. {@code %ZZ})
 * into a 500 with an HTML page that shows a stack trace, before the SDK sees the request. This
 * class wraps every handler of a (not yet started) server in a guard that answers such requests
 * with 400 and an OSB error body, lets encoded slashes through (IBM Cloud ids are CRNs with
 * {@code %2F}), replaces Grizzly's own error pages with a JSON body without details, and puts
 * {@link GrizzlyJsonCodec} in place of Grizzly's HTTP codec on every listener: an oversized
 * header section gets 431, raw control, non-ASCII or space bytes in the request target get 400
 * (instead of an empty 400, an empty 505 or an HTML 500), and a DELETE with a body reaches the
 * SDK (401 without credentials) instead of an empty 400.
 */
public final class GrizzlyHardening {
  private GrizzlyHardening() {}

  /**
   * Applies the settings.
   *
   * @param server a Grizzly server with its handlers registered, not yet started
   */
  public static void apply(HttpServer server) {
    var config = server.getServerConfiguration();
    Map<HttpHandler, HttpHandlerRegistration[]> handlers =
        new LinkedHashMap<>(config.getHttpHandlersWithMapping());
    for (Map.Entry<HttpHandler, HttpHandlerRegistration[]> e : handlers.entrySet()) {
      config.removeHttpHandler(e.getKey());
      e.getKey().setAllowEncodedSlash(true);
      UriGuard guard = new UriGuard(e.getKey());
      guard.setAllowEncodedSlash(true);
      config.addHttpHandler(guard, e.getValue());
    }
    config.setDefaultErrorPageGenerator(new JsonErrorPages());
    for (NetworkListener listener : server.getListeners()) {
      listener.registerAddOn(GrizzlyJsonCodec.addOn());
    }
  }

  /**
   * @param s a raw request URI or query string, may be null
   * @return whether every {@code %} is followed by two hex digits
   */
  static boolean validPercentEncoding(String s) {
    if (s == null) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '%') {
        if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
            || Character.digit(s.charAt(i + 2), 16) < 0) {
          return false;
        }
        i += 2;
      }
    }
    return true;
  }

  /** Refuses malformed percent escapes with 400 before the container parses the URI. */
  private static final class UriGuard extends HttpHandler {
    private final HttpHandler delegate;

    UriGuard(HttpHandler delegate) {
      super(delegate.getName());
      this.delegate = delegate;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
      if (!validPercentEncoding(request.getRequestURI())
          || !validPercentEncoding(request.getQueryString())) {
        byte[] body = OsbErrorJson.body(400, "The request URI is not validly percent-encoded.")
            .getBytes(StandardCharsets.UTF_8);
        response.setStatus(400);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        return;
      }
      delegate.service(request, response);
    }

    @Override
    public void start() {
      delegate.start();
    }

    @Override
    public void destroy() {
      delegate.destroy();
    }
  }

  /** Grizzly's own error responses as a JSON description, never with exception details. */
  private static final class JsonErrorPages implements ErrorPageGenerator {
    @Override
    public String generate(Request request, int status, String reasonPhrase, String description,
        Throwable exception) {
      String text = reasonPhrase == null ? null : reasonPhrase.replaceAll("[^A-Za-z0-9 .-]", "");
      if (text != null && !text.endsWith(".")) {
        text += "."; // Jersey's "Request failed." has its period already
      }
      return OsbErrorJson.body(status, text);
    }
  }
}

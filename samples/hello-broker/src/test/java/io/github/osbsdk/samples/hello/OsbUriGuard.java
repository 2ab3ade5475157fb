package io.github.osbsdk.samples.hello;

// tag::uri-guard[]
import java.net.URI;
import java.net.URISyntaxException;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/** Answers 400 with an OSB error body to a request URI that Jersey cannot parse (e.g. %ZZ). */
final class OsbUriGuard extends HttpHandler {
  private final HttpHandler jersey;

  OsbUriGuard(HttpHandler jersey) {
    super(jersey.getName());
    this.jersey = jersey;
  }

  @Override
  public void service(Request request, Response response) throws Exception {
    try {
      new URI(request.getRequestURI()); // Jersey parses it too, before the SDK sees the request
      if (request.getQueryString() != null) {
        new URI("?" + request.getQueryString());
      }
    } catch (URISyntaxException e) {
      response.setStatus(400);
      response.setContentType("application/json");
      response.getWriter().write(
          "{\"description\":\"The request URI is not validly percent-encoded.\"}");
      return;
    }
    jersey.service(request, response);
  }

  @Override
  public void start() {
    jersey.start(); // Jersey's application starts and stops with its handler
  }

  @Override
  public void destroy() {
    jersey.destroy();
  }
}
// end::uri-guard[]

package io.github.osbsdk.samples.hello.resteasy;

import io.github.osbsdk.samples.hello.OsbErrorJson;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Undertow's error page as an OSB error body: every error answered with
 * {@code sendError} in the servlet deployment (RESTEasy does so for a {@code Content-Type} or
 * {@code Accept} header it cannot parse, before any filter of the SDK runs) gets
 * {@code {"description":...}} in JSON instead of Undertow's HTML page. Registered
 * as the deployment's default error page at {@link #PATH}; called directly, it answers 404.
 */
public final class JsonErrorServlet extends HttpServlet {
  /** Where the error page is mapped. */
  static final String PATH = "/osb-error";
  private static final long serialVersionUID = 1L;

  /** Creates the servlet. */
  public JsonErrorServlet() {}

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    int status = 404;
    if (request.getDispatcherType() == DispatcherType.ERROR
        && request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
        && code >= 400) {
      status = code;
    }
    byte[] body = OsbErrorJson.body(status, null) // a 5xx described by its status
        .getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    String retryAfter = OsbErrorJson.retryAfter(status);
    if (retryAfter != null) {
      response.setHeader("Retry-After", retryAfter); // as broker-core's 503
    }
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}

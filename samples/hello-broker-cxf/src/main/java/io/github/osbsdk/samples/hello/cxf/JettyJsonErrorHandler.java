package io.github.osbsdk.samples.hello.cxf;

import io.github.osbsdk.samples.hello.OsbErrorJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages as OSB error bodies: every error Jetty answers itself (a malformed request
 * line, raw bytes in the target, an oversized header section: 431) gets
 * {@code {"description":...}} in JSON, never HTML and never exception details.
 */
public final class JettyJsonErrorHandler implements Request.Handler {
  /** Creates the handler. */
  public JettyJsonErrorHandler() {}

  /**
   * Writes the error body.
   *
   * @param request the failed request
   * @param response its response, status set
   * @param callback completed when written
   * @return true: the error was handled
   */
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    String description = null; // a 5xx described by its status
    if (status == 505) {
      // a version Jetty does not speak, or a raw space in the target that makes the rest look
      // like the version: the client's malformed request, worded as every sample words it
      description = OsbErrorJson.UNPARSABLE_REQUEST;
    }
    if (status < 400 || status == 505) {
      status = 400;
    }
    byte[] body = OsbErrorJson.body(status, description).getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    String retryAfter = OsbErrorJson.retryAfter(status);
    if (retryAfter != null) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfter); // as broker-core's 503
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}

package io.github.osbsdk.samples.hello.spring.tomcat;

import io.github.osbsdk.samples.hello.OsbErrorJson;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report valve with OSB error bodies: every error Tomcat answers itself gets
 * {@code {"description":...}} in JSON instead of an HTML page, without exception
 * details; a header section too large for the connector gets 431 instead of 400 (said in one
 * line at DEBUG in the host's log); a request line with a version other than HTTP/1.0 or
 * HTTP/1.1 gets 400 instead of 505, as on the other containers the samples run on (which cannot
 * tell it from a raw space in the target); a 503 carries {@code Retry-After: 5}.
 */
public final class JsonErrorReportValve extends ErrorReportValve {
  /** Creates the valve. */
  public JsonErrorReportValve() {}

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    String message = response.getMessage();
    String cause = throwable == null ? "" : String.valueOf(throwable.getMessage());
    if (status == 400 && (tooLarge(message) || tooLarge(cause))) {
      status = 431; // Tomcat answers 400 to a header section over maxHttpRequestHeaderSize
      message = null;
      if (containerLog != null && containerLog.isDebugEnabled()) {
        // one line, no stack trace: Tomcat's own report of it is quieted
        // (OsbTomcatConfiguration)
        containerLog.debug("Answered 431: a request's header section was larger than the"
            + " connector's maxHttpRequestHeaderSize");
      }
    }
    String description;
    if (status == 505) {
      // Tomcat's answer to a version it does not speak (HTTP/9.9, HTTP/2.0 over plain
      // HTTP/1.1): the request is the client's mistake, not the broker failing (a platform
      // takes a 5xx for a failed broker, and a provision's for an orphan to delete), and
      // Grizzly, Jetty and Undertow answer it 400
      status = 400;
      description = OsbErrorJson.UNPARSABLE_REQUEST; // worded as on the other containers
    } else {
      description = describe(status, message, throwable);
    }
    response.setStatus(status);
    String retryAfter = OsbErrorJson.retryAfter(status);
    if (retryAfter != null) {
      response.setHeader("Retry-After", retryAfter); // as broker-core's 503
    }
    try {
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(OsbErrorJson.body(status, description));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client went away: nothing to tell it
    }
  }

  private static boolean tooLarge(String message) {
    return message != null && message.contains("header") && message.contains("too large");
  }

  /**
   * The description of an error Tomcat answered itself.
   *
   * @param status the status
   * @param message Tomcat's message, or null
   * @param throwable what failed, or null
   * @return the message cleaned for a client, or null for {@link OsbErrorJson}'s text of the
   *     status (always for a 5xx, described by its status: details only in the log)
   */
  static String describe(int status, String message, Throwable throwable) {
    if (status >= 500) {
      return null; // described by its status (a 503 says to try again); details only in the log
    }
    if (throwable != null) {
      return null; // the standard text of the status, never exception details
    }
    if (message == null || message.isBlank()) {
      return null;
    }
    String text = message.replaceAll("[^A-Za-z0-9 .,:;'()\\[\\]_-]", "").trim();
    return text.isEmpty() ? null : text.endsWith(".") ? text : text + ".";
  }
}

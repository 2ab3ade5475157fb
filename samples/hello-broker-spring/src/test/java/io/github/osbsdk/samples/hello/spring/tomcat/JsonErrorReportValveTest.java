package io.github.osbsdk.samples.hello.spring.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.samples.hello.OsbErrorJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.coyote.OutputBuffer;
import org.junit.jupiter.api.Test;

/** What Tomcat's own error answers say, through {@link JsonErrorReportValve}. */
class JsonErrorReportValveTest {
  /** Runs the valve on a Tomcat response whose status is set as Tomcat's sendError does. */
  private static Response report(int status, ByteArrayOutputStream body) throws IOException {
    org.apache.coyote.Response coyote = new org.apache.coyote.Response();
    coyote.setOutputBuffer(new OutputBuffer() {
      @Override
      public int doWrite(ByteBuffer chunk) {
        int n = chunk.remaining();
        byte[] bytes = new byte[n];
        chunk.get(bytes);
        body.writeBytes(bytes);
        return n;
      }

      @Override
      public long getBytesWritten() {
        return body.size();
      }
    });
    org.apache.coyote.Request coyoteRequest = new org.apache.coyote.Request();
    coyoteRequest.setResponse(coyote);
    Request request = new Request(null); // read back by Tomcat when the response closes
    request.setCoyoteRequest(coyoteRequest);
    coyoteRequest.setNote(1, request); // CoyoteAdapter.ADAPTER_NOTES
    Response response = new Response();
    response.setCoyoteResponse(coyote);
    response.sendError(status);
    response.setSuspended(false); // as ErrorReportValve.invoke does before report
    response.setRequest(request);
    new JsonErrorReportValve().report(request, response, null);
    return response;
  }

  @Test
  void tomcatsOwnServiceUnavailableHasNoErrorCodeAndARetryAfterOfFiveSeconds()
      throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Response response = report(503, body);
    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("5");
    assertThat(body.toString(StandardCharsets.UTF_8)).contains("\"description\"")
        .doesNotContain("\"error\"");
  }

  @Test
  void tomcatsOtherErrorsCarryNoRetryAfter() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Response response = report(500, body);
    assertThat(response.getHeader("Retry-After")).isNull();
    assertThat(body.toString(StandardCharsets.UTF_8)).contains("An internal error occurred")
        .doesNotContain("\"error\"");
  }

  @Test
  void tomcatsOwnServiceUnavailableSaysTryAgainNotThatTheServerFailed() {
    assertThat(JsonErrorReportValve.describe(503, "Service Unavailable", null))
        .isEqualTo(null);
    assertThat(OsbErrorJson.body(503, JsonErrorReportValve.describe(503, "Unavailable", null)))
        .contains("unavailable at the moment; try again later")
        .doesNotContain("could not handle");
  }

  @Test
  void tomcatsOwnServerErrorNeverCarriesTheExceptionsMessage() {
    String body = OsbErrorJson.body(500, JsonErrorReportValve.describe(500, "boom",
        new IllegalStateException("secret detail")));
    assertThat(body).contains("An internal error occurred").doesNotContain("secret detail")
        .doesNotContain("boom");
  }

  @Test
  void tomcatsOwnClientErrorKeepsItsCleanedMessage() {
    assertThat(JsonErrorReportValve.describe(400, "Invalid <b>thing</b>", null))
        .isEqualTo("Invalid bthingb.");
  }
}

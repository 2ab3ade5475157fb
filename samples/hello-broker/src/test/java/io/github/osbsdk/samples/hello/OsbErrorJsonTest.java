package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The descriptions of the errors a container answers itself: a 5xx is described by its status,
 * with broker-core's wording for the same statuses, never as a malformed request.
 */
class OsbErrorJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String description(int status) throws Exception {
    JsonNode body = JSON.readTree(OsbErrorJson.body(status, null));
    return body.path("description").asText();
  }

  @Test
  void containersOwnServiceUnavailableSaysTryAgainNotThatTheRequestIsMalformed()
      throws Exception {
    assertThat(description(503)).isEqualTo(
        "The service broker is unavailable at the moment; try again later.");
  }

  @Test
  void containersOwnServiceUnavailableHasNoErrorCodeAndSaysRetryAfterFiveSeconds()
      throws Exception {
    // as broker-core's rewrite of a container's 503: no "InternalError", Retry-After: 5
    JsonNode body = JSON.readTree(OsbErrorJson.body(503, null));
    assertThat(body.has("error")).as(body.toString()).isFalse();
    assertThat(body.path("description").asText()).isNotBlank();
    assertThat(OsbErrorJson.retryAfter(503)).isEqualTo("5");
    assertThat(OsbErrorJson.retryAfter(500)).isNull();
    assertThat(OsbErrorJson.retryAfter(400)).isNull();
  }

  @Test
  void containersOwnErrorsCarryOnlyADescriptionNoMadeUpErrorCode() throws Exception {
    // OSB 2.17 defines AsyncRequired, ConcurrencyError, RequiresApp and MaintenanceInfoConflict
    // only; broker-core's own 400, 404 and 500 carry a description alone
    for (int status : new int[] {400, 401, 404, 405, 413, 414, 415, 431, 500, 501, 502, 503}) {
      JsonNode body = JSON.readTree(OsbErrorJson.body(status, null));
      assertThat(body.has("error")).as(status + ": " + body).isFalse();
      assertThat(body.path("description").asText()).as(status + ": " + body).isNotBlank();
    }
    assertThat(JSON.readTree(OsbErrorJson.body(400, "Given.")).has("error")).isFalse();
  }

  @Test
  void containersOwnGatewayErrorsAreDescribedByTheirStatus() throws Exception {
    assertThat(description(502)).isEqualTo(
        "The service broker received an invalid answer from a service it depends on.");
    assertThat(description(504)).isEqualTo("The service broker timed out waiting for a service"
        + " it depends on (gateway timeout).");
  }

  @Test
  void containersOwnInternalServerErrorIsAnInternalError() throws Exception {
    assertThat(description(500)).isEqualTo("An internal error occurred in the service broker.");
  }

  @Test
  void anyOtherServerErrorNamesItsStatusNotAMalformedRequest() throws Exception {
    assertThat(description(507)).doesNotContain("malformed").contains("507");
  }

  @Test
  void clientErrorsKeepTheirDescriptions() throws Exception {
    assertThat(description(400)).isEqualTo("The request is malformed.");
    assertThat(description(501)).isEqualTo(
        "The server does not implement what the request asks for.");
    assertThat(JSON.readTree(OsbErrorJson.body(503, "Given.")).path("description").asText())
        .isEqualTo("Given.");
  }
}

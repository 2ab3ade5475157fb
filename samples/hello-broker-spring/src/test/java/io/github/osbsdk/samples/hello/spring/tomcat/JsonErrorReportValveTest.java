package io.github.osbsdk.samples.hello.spring.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.samples.hello.OsbErrorJson;
import org.junit.jupiter.api.Test;

/** What Tomcat's own error answers say, through {@link JsonErrorReportValve}. */
class JsonErrorReportValveTest {
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

package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.client.OsbClient;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.ProvisionResponse;
import io.github.osbsdk.broker.testkit.support.StubServer;
import io.github.osbsdk.broker.testkit.support.YesBroker;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The URLs a broker answers may carry a token or a password: reports show them with user info
 * and query values masked, while the kit's checks and the user's code read them whole.
 */
class UrlsInReportsTest {
  private static final String DASHBOARD =
      "https://admin:pw-s3cret@dash.example.com/i/1?token=t0k3n";

  @Test
  void responseReportsMaskTheUrlsOfProvisionAndBindAnswers() throws Exception {
    try (StubServer broker = new StubServer()) {
      OsbClient osb = OsbClient.builder(broker.url()).build();
      broker.status = 201;
      broker.body = "{\"dashboard_url\":\"" + DASHBOARD + "\",\"operation\":\"op-1\"}";

      OsbResponse<ProvisionResponse> provision = osb.provision("i-1",
          Map.of("service_id", "s", "plan_id", "p"), true);

      assertThat(provision.describe()).doesNotContain("pw-s3cret").doesNotContain("t0k3n")
          .contains("\"dashboard_url\":\"https://***@dash.example.com/i/1?token=***\"")
          .contains("\"operation\":\"op-1\"");
      assertThat(provision.body().dashboardUrl()).isEqualTo(DASHBOARD);
      assertThat(provision.text("dashboard_url")).contains(DASHBOARD);

      broker.body = "{\"credentials\":{},\"syslog_drain_url\":\"syslog-tls://d:dr41n@logs:6514\","
          + "\"route_service_url\":\"https://routes.example.com/r?sig=s1g\"}";

      OsbResponse<?> bind = osb.bind("i-1", "b-1", Map.of(), true);

      assertThat(bind.describe()).doesNotContain("dr41n").doesNotContain("s1g")
          .contains("\"syslog_drain_url\":\"syslog-tls://***@logs:6514\"")
          .contains("\"route_service_url\":\"https://routes.example.com/r?sig=***\"");
    }
  }

  @Test
  void aBodyWhoseUrlsHoldNoSecretIsReportedAsReceived() throws Exception {
    try (StubServer broker = new StubServer()) {
      broker.status = 201;
      broker.body = "{ \"dashboard_url\": \"https://dash.example.com/i/1\" }";

      OsbResponse<ProvisionResponse> r = OsbClient.builder(broker.url()).build().provision("i-1",
          Map.of("service_id", "s", "plan_id", "p"), true);

      assertThat(r.describe()).endsWith("\n\n" + broker.body);
    }
  }

  @Test
  void aFailedDashboardUrlCheckMasksTheUrlInItsMessageAndResponse() throws Exception {
    SuiteResult result;
    try (StubServer broker = YesBroker.start()) {
      broker.status = 201;
      broker.body = "{\"dashboard_url\":\"dash.example.com/i/1?token=t0k3n\"}";
      result = ConformanceSuite.builder().url(broker.url())
          .skip(Arrays.stream(Rule.values()).map(Rule::id)
              .filter(id -> !id.equals("provision.dashboard-url")).toArray(String[]::new))
          .build().run();
    }

    CheckResult check = result.results().stream()
        .filter(r -> r.ruleId().equals("provision.dashboard-url")).findFirst().orElseThrow();
    assertThat(check.isFailed()).as(result::report).isTrue();
    assertThat(check.message()).contains("expected dashboard_url to be an absolute URL, got"
        + " \"dash.example.com/i/1?token=***\"");
    assertThat(check.toString()).doesNotContain("t0k3n");
    assertThat(result.report()).doesNotContain("t0k3n");
  }
}

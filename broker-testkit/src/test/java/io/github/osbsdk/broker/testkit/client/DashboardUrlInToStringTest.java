package io.github.osbsdk.broker.testkit.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The provision and update bodies a broker sent print its dashboard URL with user info and query
 * values masked, as a token may ride in them, and give it whole through the accessor.
 */
class DashboardUrlInToStringTest {
  private static final String URL =
      "https://admin:pw-s3cret@dash.example.com/i/1?token=t0k3n#access_token=at-s3cret";
  private static final InstanceMetadata METADATA = new InstanceMetadata(Map.of("team", "db"), null);

  @Test
  void provisionResponseMasksTheDashboardUrlInToStringAndKeepsItWhole() {
    ProvisionResponse body = new ProvisionResponse(URL, "op-1", METADATA);
    assertThat(body.toString()).isEqualTo("ProvisionResponse[dashboardUrl="
        + "https://***@dash.example.com/i/1?token=***#access_token=***, operation=op-1,"
        + " metadata=" + METADATA + "]");
    assertThat(body.dashboardUrl()).isEqualTo(URL);
  }

  @Test
  void updateResponseMasksTheDashboardUrlInToStringAndKeepsItWhole() {
    UpdateResponse body = new UpdateResponse(URL, null, null);
    assertThat(body.toString()).doesNotContain("pw-s3cret").doesNotContain("t0k3n")
        .doesNotContain("at-s3cret")
        .isEqualTo("UpdateResponse[dashboardUrl="
            + "https://***@dash.example.com/i/1?token=***#access_token=***, operation=null,"
            + " metadata=null]");
    assertThat(body.dashboardUrl()).isEqualTo(URL);
  }

  @Test
  void bodiesWithoutADashboardUrlPrintItAsNull() {
    assertThat(new ProvisionResponse(null, "op-2", null).toString())
        .isEqualTo("ProvisionResponse[dashboardUrl=null, operation=op-2, metadata=null]");
  }
}

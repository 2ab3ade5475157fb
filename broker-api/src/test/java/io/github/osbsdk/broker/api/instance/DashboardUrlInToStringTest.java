package io.github.osbsdk.broker.api.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A dashboard URL may carry a token in its query or a password in its user info: the values
 * that hold one show it masked in {@code toString}, and whole through their accessor.
 */
class DashboardUrlInToStringTest {
  private static final String URL = "https://admin:pw-s3cret@dash.example.com/i/1"
      + "?token=t0k3n&view=summary#access_token=at-s3cret";
  private static final String MASKED =
      "https://***@dash.example.com/i/1?token=***&view=***#access_token=***";
  private static final List<String> SECRETS = List.of("pw-s3cret", "t0k3n", "summary", "at-s3cret");

  private static final AsyncWork WORK = AsyncWork.trackedByProvider("op-1");

  @Test
  void provisionResultsMaskTheDashboardUrlInToStringAndKeepItWhole() {
    assertMaskedAndKept(ProvisionResult.created(URL), ProvisionResult.Created::dashboardUrl);
    assertMaskedAndKept(ProvisionResult.accepted(WORK).withDashboardUrl(URL),
        ProvisionResult.Accepted::dashboardUrl);
  }

  @Test
  void updateResultsMaskTheDashboardUrlInToStringAndKeepItWhole() {
    assertMaskedAndKept(UpdateResult.updated().withDashboardUrl(URL),
        UpdateResult.Updated::dashboardUrl);
    assertMaskedAndKept(new UpdateResult.Accepted(URL, null, WORK),
        UpdateResult.Accepted::dashboardUrl);
  }

  @Test
  void instanceDetailsAndServiceInstancesMaskTheDashboardUrlInToStringAndKeepItWhole() {
    assertMaskedAndKept(new InstanceDetails("svc-1", "plan-1", URL, null, null, null),
        InstanceDetails::dashboardUrl);
    assertMaskedAndKept(new ServiceInstance("inst-1", "svc-1", "plan-1", Map.of(), null, null,
        URL, true, Instant.EPOCH), ServiceInstance::dashboardUrl);
  }

  @Test
  void resultsStillShowTheirOtherComponentsAndAMissingUrlAsNull() {
    InstanceMetadata metadata = new InstanceMetadata(Map.of("team", "db"), null);
    assertThat(ProvisionResult.created(URL).withMetadata(metadata).toString())
        .isEqualTo("Created[dashboardUrl=" + MASKED + ", metadata=" + metadata + "]");
    assertThat(ProvisionResult.accepted(WORK).toString())
        .isEqualTo("Accepted[dashboardUrl=null, metadata=null, work=" + WORK + "]");
    assertThat(UpdateResult.updated().toString())
        .isEqualTo("Updated[dashboardUrl=null, metadata=null]");
    assertThat(new UpdateResult.Accepted(null, metadata, WORK).toString()).isEqualTo(
        "Accepted[dashboardUrl=null, metadata=" + metadata + ", work=" + WORK + "]");
  }

  private static <T> void assertMaskedAndKept(T value, Function<T, String> accessor) {
    assertThat(value.toString()).contains("dashboardUrl=" + MASKED);
    for (String secret : SECRETS) {
      assertThat(value.toString()).doesNotContain(secret);
    }
    assertThat(accessor.apply(value)).isEqualTo(URL);
  }
}

package io.github.osbsdk.broker.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SenderSettingsTest {
  private static SenderSettings withBaseUrl(URI baseUrl) {
    return new SenderSettings(baseUrl, null, null, null, null, null, "owner-1", null, null,
        Duration.ofSeconds(10), null, Duration.ofMinutes(2), 50, Duration.ofSeconds(5));
  }

  @Test
  void toStringMasksTheUserInfoAndQueryValuesOfTheBaseUrlAndTheAccessorKeepsItWhole() {
    URI url = URI.create("https://metering:pw-s3cret@proxy.example.com/billing?key=k3y");
    SenderSettings settings = withBaseUrl(url);
    assertThat(settings.toString())
        .startsWith("SenderSettings[baseUrl=https://***@proxy.example.com/billing?key=***, ")
        .contains("owner=owner-1").contains("claimSize=50").contains("pollInterval=PT5S")
        .doesNotContain("pw-s3cret").doesNotContain("k3y");
    assertThat(settings.baseUrl()).isEqualTo(url);
  }

  @Test
  void toStringShowsABaseUrlWithoutSecretsAsGivenAndAMissingOneAsNull() {
    assertThat(withBaseUrl(URI.create("https://billing.cloud.ibm.com")).toString())
        .startsWith("SenderSettings[baseUrl=https://billing.cloud.ibm.com, plans=null, ");
    assertThat(withBaseUrl(null).toString()).startsWith("SenderSettings[baseUrl=null, ");
  }
}

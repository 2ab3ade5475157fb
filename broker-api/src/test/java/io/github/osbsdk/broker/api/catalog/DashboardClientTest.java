package io.github.osbsdk.broker.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DashboardClientTest {
  @Test
  void toStringMasksTheSecretAndTheUserInfoOfTheRedirectUri() {
    DashboardClient client = new DashboardClient("client-1", "s3cret",
        "https://admin:hunter2@broker.example.com/dashboard/callback");
    assertThat(client.toString()).isEqualTo("DashboardClient[id=client-1, secret=***,"
        + " redirectUri=https://***@broker.example.com/dashboard/callback]");
  }

  @Test
  void toStringShowsARedirectUriWithoutUserInfoAndMissingValuesAsNull() {
    assertThat(new DashboardClient("c", null, "https://broker.example.com/cb").toString())
        .isEqualTo("DashboardClient[id=c, secret=null, redirectUri=https://broker.example.com/cb]");
    assertThat(new DashboardClient("c", "s", null).toString())
        .isEqualTo("DashboardClient[id=c, secret=***, redirectUri=null]");
  }

  @Test
  void toStringMasksTheQueryValuesOfTheRedirectUri() {
    assertThat(new DashboardClient("c", "s", "https://broker.example.com/cb?token=t0k3n")
        .toString()).doesNotContain("t0k3n").contains("https://broker.example.com/cb?token=***");
  }
}

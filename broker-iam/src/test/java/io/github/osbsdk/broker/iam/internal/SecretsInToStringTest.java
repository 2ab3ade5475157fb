package io.github.osbsdk.broker.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Values that hold secrets print without them (a stray log line must not leak one). */
class SecretsInToStringTest {
  @Test
  void ssoSettingsNeverPrintTheClientSecret() {
    SsoSettings s = new SsoSettings("client-1", "s3cret-client-secret",
        URI.create("https://broker.example/dashboard/callback"), "hello", null, null, null, null,
        null, null, null, Duration.ofMinutes(5), Duration.ofMinutes(30), Clock.systemUTC(),
        null);
    assertThat(s.toString()).contains("client-1").doesNotContain("s3cret-client-secret");
  }

  @Test
  void iamReplyNeverPrintsItsBody() {
    IamHttp.Reply r = new IamHttp.Reply(200,
        "{\"access_token\":\"eyJsecret\",\"refresh_token\":\"refresh-secret\"}", -1);
    assertThat(r.toString()).contains("200").doesNotContain("eyJsecret")
        .doesNotContain("refresh-secret");
  }
}

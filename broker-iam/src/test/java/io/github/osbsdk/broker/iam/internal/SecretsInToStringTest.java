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
  void ssoSettingsMaskTheUserInfoAndQueryValuesOfTheirUrlsButKeepThemWhole() {
    URI redirect = URI.create("https://broker.example/dashboard/callback?tenant=t-s3cret");
    URI signedOut = URI.create("https://ops:pw-s3cret@portal.example/bye?token=t0k3n#state=st-1");
    SsoSettings s = new SsoSettings("client-1", "s3cret-client-secret", redirect, "hello", null,
        null, null, null, null, null, null, Duration.ofMinutes(5), Duration.ofMinutes(30),
        Clock.systemUTC(), signedOut);
    assertThat(s.toString())
        .contains("redirectUri=https://broker.example/dashboard/callback?tenant=***")
        .contains("signedOutUrl=https://***@portal.example/bye?token=***#state=***")
        .doesNotContain("t-s3cret").doesNotContain("pw-s3cret").doesNotContain("t0k3n")
        .doesNotContain("st-1");
    assertThat(s.redirectUri()).isEqualTo(redirect);
    assertThat(s.signedOutUrl()).isEqualTo(signedOut);
  }

  @Test
  void ssoSettingsWithoutASignedOutUrlPrintItAsNull() {
    SsoSettings s = new SsoSettings("client-1", "s3cret-client-secret",
        URI.create("https://broker.example/dashboard/callback"), "hello", null, null, null, null,
        null, null, null, Duration.ofMinutes(5), Duration.ofMinutes(30), Clock.systemUTC(),
        null);
    assertThat(s.toString()).isEqualTo("SsoSettings[clientId=client-1,"
        + " redirectUri=https://broker.example/dashboard/callback, serviceName=hello,"
        + " stateLifetime=PT5M, sessionLifetime=PT30M, signedOutUrl=null]");
  }

  @Test
  void iamReplyNeverPrintsItsBody() {
    IamHttp.Reply r = new IamHttp.Reply(200,
        "{\"access_token\":\"eyJsecret\",\"refresh_token\":\"refresh-secret\"}", -1);
    assertThat(r.toString()).contains("200").doesNotContain("eyJsecret")
        .doesNotContain("refresh-secret");
  }
}

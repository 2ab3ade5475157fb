package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the dashboard sign-in logs at the default level (INFO) when every user token is refused:
 * one warning a minute, the next one saying how many were held back.
 */
class DashboardSsoLoggingTest extends WithDashboardSso {
  TestClock clock;

  @BeforeEach
  void start() {
    // the broker's clock two hours behind IAM's: every user token IAM issues is refused as
    // issued in the future
    clock = new TestClock(Instant.now().minus(Duration.ofHours(2)));
    DashboardSso sso = ssoBuilder(iam, server.base).clock(clock)
        .dashboard((id, user) -> "<html><body>instance " + id + "</body></html>").build();
    server.start(Set.of(sso.resource()));
  }

  /** Goes through a whole sign-in: the callback's answer. */
  HttpResponse<String> signIn() throws Exception {
    HttpResponse<String> start = get(
        URI.create(server.base + "/dashboard/" + enc(CRN)), null);
    assertThat(start.statusCode()).isEqualTo(303);
    URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> fromIam = get( authorize, null);
    URI callback = authorize.resolve(fromIam.headers().firstValue("Location").orElseThrow());
    return get( callback, cookies(start));
  }

  static List<String> refusals(StderrCapture log) {
    return log.lines().stream().filter(l -> l.contains("dashboard user token refused")).toList();
  }

  @Test
  void refusedUserTokensWarnOnceAMinuteCountingTheOthers() throws Exception {
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 10; i++) {
        clock.advance(Duration.ofSeconds(1));
        assertThat(signIn().statusCode()).as("sign-in %d", i).isEqualTo(403);
      }
      assertThat(refusals(log)).singleElement().asString().contains("WARN")
          .doesNotContain("suppressed");

      clock.advance(Duration.ofMinutes(1));
      assertThat(signIn().statusCode()).isEqualTo(403);
      assertThat(refusals(log)).hasSize(2);
      assertThat(refusals(log).get(1)).contains("WARN").contains("(9 similar suppressed since ");
    }
  }
}

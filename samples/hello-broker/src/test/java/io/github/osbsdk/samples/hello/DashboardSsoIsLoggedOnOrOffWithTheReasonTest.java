package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.samples.hello.reference.ConsoleCapture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Configurations that legitimately run without dashboard SSO ({@code BROKER_AUTH=basic};
 * {@code IAM_URL} without an SSO client; {@code PORT=0} without {@code PUBLIC_URL} on the
 * embedded IAM simulator) and those that run with it: every start logs one INFO line saying
 * which, and why, naming variables and never a value.
 */
class DashboardSsoIsLoggedOnOrOffWithTheReasonTest {
  private static final String LINE = "INFO " + HelloBroker.class.getName() + " - Dashboard SSO is ";
  private static final String IAM = "http://127.0.0.1:1";
  private final StartAttempts runs = new StartAttempts();

  /** The lines the start logged about dashboard SSO; the start must succeed. */
  private List<String> ssoLines(String... pairs) {
    String console;
    try (ConsoleCapture capture = new ConsoleCapture()) {
      HelloBrokerMain.Started started = runs.start(pairs);
      console = capture.text();
      assertThat(started.exitStatus()).as(runs.lastErr()).isZero();
    }
    assertThat(console).doesNotContain("api-key-value").doesNotContain("sso-secret-value");
    return console.lines().filter(l -> l.contains("Dashboard SSO")).collect(Collectors.toList());
  }

  @Test
  void basicAuthLogsSsoOffNamingBrokerAuth() {
    assertThat(ssoLines()).singleElement().asString().contains(LINE
        + "off: BROKER_AUTH=basic (the sample signs dashboard users in through IAM only with"
        + " BROKER_AUTH=iam); /dashboard/<instance id> serves a placeholder page");
  }

  @Test
  void portPickedAtTheStartWithoutPublicUrlLogsSsoOffNamingBoth() {
    assertThat(ssoLines("BROKER_AUTH", "iam")).singleElement().asString().contains(LINE
        + "off: PORT=0 without PUBLIC_URL (the redirect URI, <PUBLIC_URL>/dashboard/callback,"
        + " is not known before the start; set PUBLIC_URL or a fixed PORT to turn it on)");
  }

  @Test
  void iamUrlWithoutSsoClientLogsSsoOffNamingTheClientSettings() {
    assertThat(ssoLines("BROKER_AUTH", "iam", "IAM_URL", IAM, "BROKER_ALLOWED_IDENTITIES",
        "crn-broker", "IAM_APIKEY", "api-key-value")).singleElement().asString().contains(LINE
        + "off: IAM_URL is set without a complete SSO client (set SSO_CLIENT_ID,"
        + " SSO_CLIENT_SECRET and BROKER_API_KEY to turn it on)");
  }

  @Test
  void embeddedIamWithPublicUrlLogsSsoOnThroughTheSimulator() {
    assertThat(ssoLines("BROKER_AUTH", "iam", "PUBLIC_URL", "http://localhost:8080"))
        .singleElement().asString().contains(LINE + "on: through the embedded IAM simulator"
            + " (IAM_URL unset), which signs every browser in as " + HelloIam.DEMO_USER_ID);
  }

  @Test
  void completeSsoClientWithPublicUrlLogsSsoOnThroughIamUrl() {
    assertThat(ssoLines("BROKER_AUTH", "iam", "IAM_URL", IAM, "BROKER_ALLOWED_IDENTITIES",
        "crn-broker", "SSO_CLIENT_ID", "client-id-value", "SSO_CLIENT_SECRET",
        "sso-secret-value", "BROKER_API_KEY", "api-key-value", "PUBLIC_URL",
        "http://localhost:8080")).singleElement().asString().contains(LINE
        + "on: through IAM_URL with the client of SSO_CLIENT_ID, redirect URI"
        + " <PUBLIC_URL>/dashboard/callback");
    assertThat(runs.out()).contains("Then open the dashboard in a browser");
  }

  /** The SSO line of a configuration with a real IAM, a complete client and a fixed port. */
  private static String ssoNoteWithoutPublicUrl(String host) {
    Map<String, String> env = new HashMap<>(Map.of("HOST", host, "PORT", "18480",
        "BROKER_AUTH", "iam", "IAM_URL", IAM, "BROKER_ALLOWED_IDENTITIES", "crn-broker",
        "SSO_CLIENT_ID", "client-id-value", "SSO_CLIENT_SECRET", "sso-secret-value",
        "BROKER_API_KEY", "api-key-value"));
    return HelloBroker.ssoNote(HelloConfig.fromEnvironment(env));
  }

  @Test
  void wildcardHostWithoutPublicUrlLogsTheLocalhostRedirectAndAsksForPublicUrl() {
    for (String wildcard : List.of("0.0.0.0", "::")) {
      assertThat(ssoNoteWithoutPublicUrl(wildcard)).as(wildcard).isEqualTo("Dashboard SSO is on:"
          + " through IAM_URL with the client of SSO_CLIENT_ID, redirect URI"
          + " <http://localhost:PORT>/dashboard/callback (HOST is a wildcard address, so the"
          + " redirect URI names localhost, which only a browser on this machine reaches; set"
          + " PUBLIC_URL to the URL browsers reach the broker at)");
    }
  }

  @Test
  void namedHostWithoutPublicUrlLogsTheRedirectOnHostAndPort() {
    assertThat(ssoNoteWithoutPublicUrl("127.0.0.1")).isEqualTo("Dashboard SSO is on: through"
        + " IAM_URL with the client of SSO_CLIENT_ID, redirect URI"
        + " <http://HOST:PORT>/dashboard/callback");
  }
}

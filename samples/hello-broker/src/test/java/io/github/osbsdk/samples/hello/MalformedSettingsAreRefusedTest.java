package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Settings found wrong by probing {@code java -jar hello-broker.jar}: each must stop the start
 * with one line naming the variable (exit status 2), or be read as unset when blank, never start
 * a server that hands out wrong URLs, listens elsewhere, or a JVM that prints a stack trace and
 * hangs.
 */
class MalformedSettingsAreRefusedTest {
  private final StartAttempts runs = new StartAttempts();

  @Test
  void blankUserNameIsRefusedNamingTheVariable() {
    runs.assertRefused(runs.start("BROKER_USERNAME", ""), "BROKER_USERNAME");
  }

  @Test
  void userNameWithAColonIsRefusedNamingTheVariable() {
    runs.assertRefused(runs.start("BROKER_USERNAME", "a:b"), "BROKER_USERNAME");
  }

  /**
   * A user name with white space around it (a copy-and-paste slip) is refused, not taken as is:
   * the platform, registered with the user name alone, would be answered 401 on every call.
   */
  @Test
  void userNameWithWhiteSpaceAroundItIsRefusedNamingTheVariable() {
    runs.assertRefused(runs.start("BROKER_USERNAME", "broker "),
        "BROKER_USERNAME must not begin or end with white space");
    runs.assertRefused(runs.start("BROKER_USERNAME", "\tbroker"),
        "BROKER_USERNAME must not begin or end with white space");
  }

  @Test
  void passwordOfOnlySpacesIsRefusedWithoutShowingIt() {
    runs.assertRefused(runs.start("BROKER_PASSWORD", "   "), "BROKER_PASSWORD");
  }

  @Test
  void asyncDelayOutOfRangeIsRefusedNamingTheVariable() {
    runs.assertRefused(runs.start("ASYNC_DELAY_MS", "-5"), "ASYNC_DELAY_MS");
    runs.assertRefused(runs.start("ASYNC_DELAY_MS", "99999999999"), "ASYNC_DELAY_MS");
  }

  @Test
  void malformedPublicUrlIsRefusedNamingTheVariable() {
    runs.assertRefused(runs.start("PUBLIC_URL", "not a url"), "PUBLIC_URL");
  }

  @Test
  void publicUrlWithoutSchemeIsRefusedNamingTheVariable() {
    runs.assertRefused(runs.start("PUBLIC_URL", "broker.example.com"), "PUBLIC_URL");
  }

  @Test
  void blankPublicUrlMeansUnsetNotRelativeDashboardUrls() {
    HelloConfig config = HelloConfig.fromEnvironment(Map.of("PUBLIC_URL", "",
        "BROKER_AUTH", "basic"));

    assertThat(config.publicUrl(8080)).isEqualTo("http://localhost:8080");
  }

  @Test
  void blankHostMeansTheDefaultAddressAndKeepsThePort() {
    HelloConfig config = HelloConfig.fromEnvironment(Map.of("HOST", " ", "PORT", "18480",
        "BROKER_AUTH", "basic"));

    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.publicUrl(18480)).isEqualTo("http://localhost:18480");
  }

  @Test
  void ipv6HostKeepsThePort() {
    HelloBrokerMain.Started started = runs.start("HOST", "::1");

    assertThat(started.exitStatus()).isZero();
    assertThat(runs.out()).doesNotContain(":80/");
    assertThat(HelloConfig.fromEnvironment(Map.of("HOST", "::", "PORT", "18480",
        "BROKER_AUTH", "basic")).publicUrl(18480)).isEqualTo("http://localhost:18480");
  }

  /** Found probing: {@code BROKER_AUTH=" basic "} (a quoted value in a manifest) was refused. */
  @Test
  void brokerAuthWithWhiteSpaceAroundItIsRead() {
    HelloBrokerMain.Started started = runs.start("BROKER_AUTH", " basic ");

    assertThat(started.exitStatus()).isZero();
    assertThat(runs.err()).isEmpty();
    assertThat(HelloConfig.fromEnvironment(Map.of("BROKER_AUTH", " Basic\t")).auth())
        .isEqualTo("basic");
    assertThat(HelloConfig.fromEnvironment(Map.of("BROKER_AUTH", "iam ")).auth())
        .isEqualTo("iam");
  }

  @Test
  void unknownBrokerAuthIsRefusedNamingTheVariable() {
    runs.assertRefused(runs.start("BROKER_AUTH", "digest"),
        "BROKER_AUTH must be 'iam' or 'basic', not a value of 6 characters (not shown)");
  }

  /** Found probing: a blank {@code METRICS_HOST} was bound as is and failed the start. */
  @Test
  void blankMetricsHostMeansTheDefaultAddress() {
    HelloBrokerMain.Started started = runs.start("BROKER_METRICS", "true", "METRICS_PORT", "0",
        "METRICS_HOST", " ");

    assertThat(started.exitStatus()).isZero();
    assertThat(runs.err()).isEmpty();
    assertThat(runs.out()).contains("Metrics: http://127.0.0.1:");
  }

  /** Found probing: a METRICS_HOST that is no host ended as "cannot start" (status 1). */
  @Test
  void malformedMetricsHostIsRefusedNamingTheVariable() {
    runs.assertRefused(runs.start("BROKER_METRICS", "true", "METRICS_PORT", "0",
        "METRICS_HOST", "not a host"), "METRICS_HOST must be a host name or an IP address");
  }

  @Test
  void malformedHostIsRefusedNamingTheVariable() {
    runs.assertRefused(runs.start("HOST", "not a host"), "HOST");
  }

  @Test
  void portOutOfRangeIsRefusedNamingTheVariable() {
    runs.assertRefused(runs.start("PORT", "70000"), "PORT must be 0 to 65535, not 70000");
  }

  /** The PORT values README.md lists: refused outside 0 to 65535, blank is 8080. */
  @Test
  void portIsReadAsTheReadmeSays() {
    runs.assertRefused(runs.start("PORT", "-1"), "PORT must be 0 to 65535, not -1");
    runs.assertRefused(runs.start("PORT", "99999999999"), "PORT");
    runs.assertRefused(runs.start("PORT", "8080.0"), "PORT must be a whole number");
    assertThat(HelloConfig.fromEnvironment(Map.of("PORT", " ", "BROKER_AUTH", "basic")).port())
        .isEqualTo(8080);
    assertThat(HelloConfig.fromEnvironment(Map.of("PORT", " 8081 ", "BROKER_AUTH", "basic"))
        .port()).isEqualTo(8081);
  }

  /**
   * A number too large for the sample to hold is out of range like any other: the same message
   * names the variable and the range, whether or not the value fits a {@code long}.
   */
  @Test
  void numbersTooLargeToHoldGetTheSameRangeMessageAsOtherNumbersOutOfRange() {
    for (String huge : new String[] {"99999999999", "99999999999999999999999"}) {
      runs.assertRefused(runs.start("PORT", huge), "PORT must be 0 to 65535, not " + huge);
      runs.assertRefused(runs.start("BROKER_METRICS", "true", "METRICS_PORT", huge),
          "METRICS_PORT must be 0 to 65535, not " + huge);
      runs.assertRefused(runs.start("ASYNC_DELAY_MS", huge),
          "ASYNC_DELAY_MS must be 0 to 3600000, not " + huge);
      runs.assertRefused(runs.start("METERING_INTERVAL_S", huge),
          "METERING_INTERVAL_S must be 1 to " + MeteringSettings.MAX_INTERVAL_S
              + " seconds, not " + huge);
      runs.assertRefused(runs.start("METERING_TIMEOUT_S", "-" + huge),
          "METERING_TIMEOUT_S must be 1 to " + MeteringSettings.MAX_TIMEOUT_S
              + " seconds, not -" + huge);
      runs.assertRefused(runs.start("BROKER_LEASE_S", huge),
          "BROKER_LEASE_S must be 1 to 600 seconds, not " + huge);
    }
  }

  /** Found probing: -1, the value meaning unset inside the sample, served metrics on PORT. */
  @Test
  void metricsPortOutOfRangeIsRefusedNamingTheVariable() {
    runs.assertRefused(runs.start("BROKER_METRICS", "true", "METRICS_PORT", "-1"),
        "METRICS_PORT must be 0 to 65535, not -1");
    runs.assertRefused(runs.start("BROKER_METRICS", "true", "METRICS_PORT", "70000"),
        "METRICS_PORT must be 0 to 65535, not 70000");
  }

  /**
   * Found comparing README.md with the code: {@code METRICS_PORT} or {@code METRICS_HOST}
   * without {@code BROKER_METRICS} started a broker without metrics and without a word, and a
   * malformed one was not checked.
   */
  @Test
  void metricsListenerSettingsWithoutBrokerMetricsAreRefusedNamingBoth() {
    runs.assertRefused(runs.start("METRICS_PORT", "9090"), "METRICS_PORT is set, but"
        + " BROKER_METRICS is not: set BROKER_METRICS=true to serve /metrics and /health, or"
        + " unset METRICS_PORT");
    runs.assertRefused(runs.start("METRICS_HOST", "0.0.0.0", "BROKER_METRICS", " "),
        "METRICS_HOST is set, but BROKER_METRICS is not");
    runs.assertRefused(runs.start("METRICS_PORT", "x", "BROKER_METRICS", "false"),
        "METRICS_PORT must be a whole number");
  }

  @Test
  void metricsListenerSettingsAreIgnoredWhenMetricsAreSwitchedOffOrWhenBlank() {
    assertThat(runs.start("METRICS_PORT", "0", "BROKER_METRICS", "false").exitStatus()).isZero();
    assertThat(runs.start("METRICS_PORT", " ", "METRICS_HOST", "").exitStatus()).isZero();
    assertThat(runs.err()).isEmpty();
    assertThat(runs.out()).doesNotContain("Metrics:");
  }

  @Test
  void nonJdbcDatabaseUrlIsRefusedNamingTheVariableWithoutItsPassword() {
    runs.assertRefused(runs.start("BROKER_DATABASE_URL", "postgres://db:5432/x?password=db-secret",
        "BROKER_CREDENTIALS_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="),
        "BROKER_DATABASE_URL");
    assertThat(runs.err()).doesNotContain("db-secret");
  }

  @Test
  void meteringIntervalTooLargeIsRefusedNamingTheVariable() {
    runs.assertRefused(runs.start("METERING_INTERVAL_S", String.valueOf(Long.MAX_VALUE)),
        "METERING_INTERVAL_S");
  }

  @Test
  void meteringTimeoutNotPositiveIsRefusedNamingTheVariable() {
    runs.assertRefused(runs.start("METERING_TIMEOUT_S", "0"), "METERING_TIMEOUT_S");
  }

  /**
   * Found by an audit: 51 to 3600 s stopped the start (broker-metering refused its default
   * 5-minute lease as shorter than 6 request timeouts, naming builder settings the sample never
   * set); the sample now derives the metering lease from the timeout.
   */
  @Test
  void everyDocumentedMeteringTimeoutStartsWithALeaseOfAtLeastSixTimeouts() {
    for (long seconds : new long[] {1, 50, 51, 600, MeteringSettings.MAX_TIMEOUT_S}) {
      HelloBrokerMain.Started started = runs.start("METERING_TIMEOUT_S", String.valueOf(seconds));
      assertThat(runs.err()).as("METERING_TIMEOUT_S=" + seconds)
          .isEmpty();
      assertThat(started.exitStatus()).isZero();
      long lease = Math.max(300, 6 * seconds);
      assertThat(runs.lastOut()).contains("request timeout " + seconds
          + " s, metering lease " + lease + " s: 5 min or 6 x METERING_TIMEOUT_S, the longer");
    }
  }

  @Test
  void iamUrlWithoutApiKeyIsRefusedInOneLine() {
    runs.assertRefused(runs.start("IAM_URL", "https://iam.test.example"), "IAM_APIKEY");
  }

  @Test
  void malformedIamUrlIsRefusedNamingTheVariable() {
    runs.assertRefused(runs.start("IAM_URL", "ht tp://iam"), "IAM_URL");
  }

  @Test
  void malformedMeteringUrlIsRefusedNamingTheVariable() {
    runs.assertRefused(runs.start("METERING_URL", "::bad"), "METERING_URL");
  }

  /**
   * A URL with {@code user:password@} before the host: the sample never sends it (IAM and
   * metering take an API key), so it would be ignored without a word, and the password would be
   * printed with the URL; refused without showing it.
   */
  @Test
  void iamUrlWithUserInfoIsRefusedWithoutShowingThePassword() {
    runs.assertRefused(runs.start("IAM_URL", "https://svc:url-secret@iam.test.example",
        "IAM_APIKEY", "api-key-value"), "IAM_URL must not contain a user name or password");
    assertThat(runs.err()).doesNotContain("url-secret")
        .doesNotContain("svc");
    assertThat(runs.out()).isEmpty();
  }

  /**
   * Found probing: a {@code PUBLIC_URL} with {@code user:password@} started, and put the password
   * into every dashboard URL and binding's {@code url} (and the SSO redirect URI).
   */
  @Test
  void publicUrlWithUserInfoIsRefusedWithoutShowingThePassword() {
    runs.assertRefused(runs.start("PUBLIC_URL", "https://svc:url-secret@broker.example.com"),
        "PUBLIC_URL must not contain a user name or password");
    assertThat(runs.err()).doesNotContain("url-secret");
    assertThat(runs.out()).isEmpty();
    runs.assertRefused(runs.start("PUBLIC_URL", "https://svc:url secret@broker.example.com",
        "BROKER_AUTH", "iam", "PORT", "18481"), "PUBLIC_URL");
    assertThat(runs.err()).doesNotContain("secret");
  }

  @Test
  void meteringUrlWithUserInfoIsRefusedWithoutShowingThePassword() {
    runs.assertRefused(runs.start("METERING_URL", "https://svc:url-secret@billing.test.example"),
        "METERING_URL must not contain a user name or password");
    assertThat(runs.err()).doesNotContain("url-secret");
    assertThat(runs.out()).isEmpty();
  }

  @Test
  void malformedUrlWithUserInfoIsRefusedWithoutShowingThePassword() {
    runs.assertRefused(runs.start("METERING_URL", "ftp://svc:url-secret@billing.test.example"),
        "METERING_URL");
    assertThat(runs.err()).doesNotContain("url-secret");
    runs.assertRefused(runs.start("IAM_URL", "https://svc:url secret@iam.test.example",
        "IAM_APIKEY", "api-key-value"), "IAM_URL");
    assertThat(runs.err()).doesNotContain("secret");
  }

  /**
   * Found with {@code BROKER_AUTH=iam IAM_URL=... IAM_APIKEY=...}: the exception left
   * {@code main} with a stack trace while the simulators' threads kept the JVM running.
   */
  @Test
  void iamUrlWithoutAllowedIdentitiesEndsTheStartInOneLine() {
    HelloBrokerMain.Started started = runs.start("BROKER_AUTH", "iam",
        "IAM_URL", "https://iam.test.example", "IAM_APIKEY", "api-key-value");

    String text = runs.err();
    assertThat(started.server()).isNull();
    assertThat(started.exitStatus()).isEqualTo(HelloBrokerMain.BAD_CONFIGURATION);
    assertThat(text).startsWith("hello-broker: configuration refused: ")
        .contains("BROKER_ALLOWED_IDENTITIES").doesNotContain("api-key-value");
    assertThat(text.strip()).doesNotContain("\n").doesNotContain("\tat ");
  }
}

package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Refusals a new-user audit of {@code java -jar hello-broker.jar} found wrong: a value echoed
 * that may be a secret set in the wrong variable, a message naming broker-iam's builder
 * parameter instead of the variable, and a database login the driver made up. Each refusal is
 * one line naming the variable, exit status 2, and shows no secret.
 */
class ConfigRefusalsShowNoSecretsTest {
  private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  private final StartAttempts runs = new StartAttempts();

  /** Found by the audit: the basic-auth login set as BROKER_AUTH was printed back. */
  @Test
  void brokerAuthHoldingALoginIsRefusedWithoutShowingIt() {
    assertThat(runs.refusal(runs.start("BROKER_AUTH", "broker:secret")))
        .isEqualTo("BROKER_AUTH must be 'iam' or 'basic', not a value of 13 characters (not"
            + " shown)");
  }

  @Test
  void refusalsOfOtherSettingsShowNoValueThatMayBeASecret() {
    String secret = "s3cr3t-in-the-wrong-variable";
    Map<String, String> wrong = Map.of("PORT", secret, "BROKER_LEASE_S", secret,
        "BROKER_CREDENTIALS_REENCRYPT", secret, "HOST", "broker:" + secret + "@db",
        "PUBLIC_URL", secret, "IAM_URL", secret, "METERING_URL", "billing:" + secret);
    wrong.forEach((variable, value) -> {
      String refusal = runs.refusal(runs.start(variable, value));
      assertThat(refusal).as(variable).startsWith(variable + " ").doesNotContain(secret)
          .endsWith("(not shown)");
    });
    String metrics = runs.refusal(runs.start("BROKER_METRICS", secret));
    assertThat(metrics).startsWith("BROKER_METRICS ").doesNotContain(secret);
    String metricsHost = runs.refusal(runs.start("BROKER_METRICS", "true", "METRICS_PORT", "0",
        "METRICS_HOST", secret + " x"));
    assertThat(metricsHost).startsWith("METRICS_HOST ").doesNotContain(secret);
  }

  /** What a URL refusal may show: its scheme and host, never its path or query. */
  @Test
  void urlRefusalsShowSchemeAndHostButNoTokenInPathOrQuery() {
    assertThat(runs.refusal(runs.start("METERING_URL", "ftp://billing.example.com/v4/" + "t0ken"
        + "?apikey=s3cr3t"))).isEqualTo("METERING_URL must be an absolute http or https URL,"
            + " not 'ftp://billing.example.com...'");
    assertThat(runs.refusal(runs.start("PUBLIC_URL", "https://broker.example.com/?token=s3cr3t")))
        .startsWith("PUBLIC_URL must be an absolute http or https URL")
        .endsWith("not 'https://broker.example.com...'").doesNotContain("s3cr3t");
  }

  /** Found by the audit: the refusal named broker-iam's builder parameter, iamUrl. */
  @Test
  void plainHttpIamUrlIsRefusedNamingTheVariable() {
    for (String auth : new String[] {"iam", "basic"}) {
      assertThat(runs.refusal(runs.start("BROKER_AUTH", auth, "IAM_URL", "http://iam.example.com",
          "BROKER_ALLOWED_IDENTITIES", "x", "IAM_APIKEY", "k")))
          .as(auth).startsWith("IAM_URL must use https: ").doesNotContain("iamUrl");
    }
    HelloBrokerMain.Started loopback = runs.start("IAM_URL", "http://127.0.0.1:1", "IAM_APIKEY",
        "k");
    assertThat(loopback.exitStatus()).as(runs.lastErr()).isZero();
  }

  /** The README documents BROKER_API_KEY as the fallback of IAM_APIKEY: the refusal says so. */
  @Test
  void missingApiKeyRefusalNamesTheDocumentedFallback() {
    assertThat(runs.refusal(runs.start("IAM_URL", "https://iam.test.example")))
        .startsWith("IAM_APIKEY (or BROKER_API_KEY, which it falls back to) is required with"
            + " IAM_URL");
    assertThat(runs.start("IAM_URL", "https://iam.test.example", "BROKER_API_KEY", "k")
        .exitStatus()).as(runs.lastErr()).isZero();
  }

  /**
   * Found by the audit: with a password but no user the driver logged in as the operating
   * system's user ({@code password authentication failed for user "root"}).
   */
  @Test
  void databaseWithoutUserIsRefusedNamingTheVariable() {
    assertThat(runs.refusal(runs.start("BROKER_DATABASE_URL",
        "jdbc:postgresql://127.0.0.1:1/broker",
        "BROKER_DATABASE_PASSWORD", "db-secret-value", "BROKER_CREDENTIALS_KEY", KEY)))
        .startsWith("BROKER_DATABASE_USER is required with BROKER_DATABASE_URL")
        .doesNotContain("db-secret-value");
  }

  @Test
  void databaseUrlNamingTheUserNeedsNoUserVariable() {
    HelloBrokerMain.Started started = runs.start("BROKER_DATABASE_URL",
        "jdbc:postgresql://127.0.0.1:1/broker?connectTimeout=1&user=broker",
        "BROKER_DATABASE_PASSWORD", "db-secret-value", "BROKER_CREDENTIALS_KEY", KEY);

    // past the configuration: the database at port 1 is unreachable
    assertThat(started.exitStatus()).isEqualTo(HelloBrokerMain.CANNOT_START);
    assertThat(runs.lastErr()).startsWith("hello-broker: cannot start: ")
        .doesNotContain("db-secret-value");
  }

  /**
   * Dashboard SSO (on with the embedded IAM) redirects to {@code PUBLIC_URL}: plain http there
   * is refused naming the variable, not broker-iam's builder parameter {@code redirectUri}.
   */
  @Test
  void plainHttpPublicUrlOnAnotherHostWithDashboardSsoIsRefusedNamingPublicUrl() {
    String refusal = runs.refusal(runs.start("BROKER_AUTH", "iam",
        "PUBLIC_URL", "http://broker.example.com/s3cr3t"));
    assertThat(refusal).startsWith("PUBLIC_URL must use https").contains("broker.example.com")
        .doesNotContain("redirectUri").doesNotContain("s3cr3t");
    HelloBrokerMain.Started loopback = runs.start("BROKER_AUTH", "iam",
        "PUBLIC_URL", "http://localhost:8080");
    assertThat(loopback.exitStatus()).as(runs.lastErr()).isZero();
  }
}

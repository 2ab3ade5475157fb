package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private HelloBrokerMain.Started start(String... pairs) {
    out.reset();
    err.reset();
    Map<String, String> env = new HashMap<>(Map.of("HOST", "127.0.0.1", "PORT", "0",
        "BROKER_AUTH", "basic", "BROKER_PASSWORD", "pw"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    HelloBrokerMain.Started started = HelloBrokerMain.start(env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    if (started.server() != null) {
      started.server().close();
    }
    return started;
  }

  private String refusal(HelloBrokerMain.Started started) {
    String text = err.toString(StandardCharsets.UTF_8).strip();
    assertThat(started.server()).isNull();
    assertThat(started.exitStatus()).as(text).isEqualTo(HelloBrokerMain.BAD_CONFIGURATION);
    assertThat(text).doesNotContain("\n").startsWith("hello-broker: configuration refused: ");
    return text.substring("hello-broker: configuration refused: ".length());
  }

  /** Found by the audit: the basic-auth login set as BROKER_AUTH was printed back. */
  @Test
  void brokerAuthHoldingALoginIsRefusedWithoutShowingIt() {
    assertThat(refusal(start("BROKER_AUTH", "broker:secret")))
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
      String refusal = refusal(start(variable, value));
      assertThat(refusal).as(variable).startsWith(variable + " ").doesNotContain(secret)
          .endsWith("(not shown)");
    });
    String metrics = refusal(start("BROKER_METRICS", secret));
    assertThat(metrics).startsWith("BROKER_METRICS ").doesNotContain(secret);
    String metricsHost = refusal(start("BROKER_METRICS", "true", "METRICS_PORT", "0",
        "METRICS_HOST", secret + " x"));
    assertThat(metricsHost).startsWith("METRICS_HOST ").doesNotContain(secret);
  }

  /** What a URL refusal may show: its scheme and host, never its path or query. */
  @Test
  void urlRefusalsShowSchemeAndHostButNoTokenInPathOrQuery() {
    assertThat(refusal(start("METERING_URL", "ftp://billing.example.com/v4/" + "t0ken"
        + "?apikey=s3cr3t"))).isEqualTo("METERING_URL must be an absolute http or https URL,"
            + " not 'ftp://billing.example.com...'");
    assertThat(refusal(start("PUBLIC_URL", "https://broker.example.com/?token=s3cr3t")))
        .startsWith("PUBLIC_URL must be an absolute http or https URL")
        .endsWith("not 'https://broker.example.com...'").doesNotContain("s3cr3t");
  }

  /** Found by the audit: the refusal named broker-iam's builder parameter, iamUrl. */
  @Test
  void plainHttpIamUrlIsRefusedNamingTheVariable() {
    for (String auth : new String[] {"iam", "basic"}) {
      assertThat(refusal(start("BROKER_AUTH", auth, "IAM_URL", "http://iam.example.com",
          "BROKER_ALLOWED_IDENTITIES", "x", "IAM_APIKEY", "k")))
          .as(auth).startsWith("IAM_URL must use https: ").doesNotContain("iamUrl");
    }
    HelloBrokerMain.Started loopback = start("IAM_URL", "http://127.0.0.1:1", "IAM_APIKEY",
        "k");
    assertThat(loopback.exitStatus()).as(err.toString(StandardCharsets.UTF_8)).isZero();
  }

  /** The README documents BROKER_API_KEY as the fallback of IAM_APIKEY: the refusal says so. */
  @Test
  void missingApiKeyRefusalNamesTheDocumentedFallback() {
    assertThat(refusal(start("IAM_URL", "https://iam.test.example")))
        .startsWith("IAM_APIKEY (or BROKER_API_KEY, which it falls back to) is required with"
            + " IAM_URL");
    assertThat(start("IAM_URL", "https://iam.test.example", "BROKER_API_KEY", "k")
        .exitStatus()).as(err.toString(StandardCharsets.UTF_8)).isZero();
  }

  /**
   * Found by the audit: with a password but no user the driver logged in as the operating
   * system's user ({@code password authentication failed for user "root"}).
   */
  @Test
  void databaseWithoutUserIsRefusedNamingTheVariable() {
    assertThat(refusal(start("BROKER_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/broker",
        "BROKER_DATABASE_PASSWORD", "db-secret-value", "BROKER_CREDENTIALS_KEY", KEY)))
        .startsWith("BROKER_DATABASE_USER is required with BROKER_DATABASE_URL")
        .doesNotContain("db-secret-value");
  }

  @Test
  void databaseUrlNamingTheUserNeedsNoUserVariable() {
    HelloBrokerMain.Started started = start("BROKER_DATABASE_URL",
        "jdbc:postgresql://127.0.0.1:1/broker?connectTimeout=1&user=broker",
        "BROKER_DATABASE_PASSWORD", "db-secret-value", "BROKER_CREDENTIALS_KEY", KEY);

    // past the configuration: the database at port 1 is unreachable
    assertThat(started.exitStatus()).isEqualTo(HelloBrokerMain.CANNOT_START);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("hello-broker: cannot start: ")
        .doesNotContain("db-secret-value");
  }

  /**
   * Dashboard SSO (on with the embedded IAM) redirects to {@code PUBLIC_URL}: plain http there
   * is refused naming the variable, not broker-iam's builder parameter {@code redirectUri}.
   */
  @Test
  void plainHttpPublicUrlOnAnotherHostWithDashboardSsoIsRefusedNamingPublicUrl() {
    String refusal = refusal(start("BROKER_AUTH", "iam",
        "PUBLIC_URL", "http://broker.example.com/s3cr3t"));
    assertThat(refusal).startsWith("PUBLIC_URL must use https").contains("broker.example.com")
        .doesNotContain("redirectUri").doesNotContain("s3cr3t");
    HelloBrokerMain.Started loopback = start("BROKER_AUTH", "iam",
        "PUBLIC_URL", "http://localhost:8080");
    assertThat(loopback.exitStatus()).as(err.toString(StandardCharsets.UTF_8)).isZero();
  }
}

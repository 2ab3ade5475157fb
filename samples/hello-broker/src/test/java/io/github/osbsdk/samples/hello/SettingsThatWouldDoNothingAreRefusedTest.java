package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Settings that the sample would accept and then not use (a dashboard SSO client half
 * configured, or one the sample cannot use: without {@code IAM_URL}, with
 * {@code BROKER_AUTH=basic}, or with {@code PORT=0} and no {@code PUBLIC_URL}; API keys without
 * {@code IAM_URL}; settings only a
 * database uses, while the state is in memory): each stops the start with one line naming the
 * variables (exit status 2), never showing a value.
 */
class SettingsThatWouldDoNothingAreRefusedTest {
  private static final String IAM = "https://iam.test.cloud.ibm.com";
  private static final String IDENTITIES = "crn-broker";
  private final StartAttempts runs = new StartAttempts();

  @Test
  void ssoClientIdWithIamUrlButWithoutSecretOrApiKeyIsRefusedNamingWhatIsMissing() {
    runs.assertRefused(runs.start("BROKER_AUTH", "iam", "IAM_URL", IAM, "BROKER_ALLOWED_IDENTITIES",
        IDENTITIES, "SSO_CLIENT_ID", "client-id-value", "BROKER_API_KEY", "api-key-value"),
        "SSO_CLIENT_ID is set, but SSO_CLIENT_SECRET is not: dashboard SSO with IAM_URL needs"
            + " SSO_CLIENT_ID, SSO_CLIENT_SECRET and BROKER_API_KEY; set SSO_CLIENT_SECRET, or"
            + " unset SSO_CLIENT_ID");
    runs.assertRefused(runs.start("BROKER_AUTH", "iam", "IAM_URL", IAM, "BROKER_ALLOWED_IDENTITIES",
        IDENTITIES, "SSO_CLIENT_ID", "client-id-value", "SSO_CLIENT_SECRET", "sso-secret-value",
        "IAM_APIKEY", "metering-key-value"),
        "SSO_CLIENT_ID is set, but BROKER_API_KEY is not");
    runs.assertRefused(runs.start("BROKER_AUTH", "iam", "IAM_URL", IAM, "BROKER_ALLOWED_IDENTITIES",
        IDENTITIES, "SSO_CLIENT_ID", "client-id-value", "SSO_CLIENT_SECRET", " ",
        "IAM_APIKEY", "metering-key-value"),
        "SSO_CLIENT_ID is set, but SSO_CLIENT_SECRET and BROKER_API_KEY are not");
    assertThat(runs.out()).doesNotContain("value");
  }

  @Test
  void ssoClientSecretWithoutClientIdIsRefusedWithOrWithoutIamUrl() {
    runs.assertRefused(runs.start("SSO_CLIENT_SECRET", "sso-secret-value"),
        "SSO_CLIENT_SECRET is set, but SSO_CLIENT_ID is not: set SSO_CLIENT_ID to turn"
            + " dashboard SSO on, or unset SSO_CLIENT_SECRET");
    runs.assertRefused(runs.start("BROKER_AUTH", "iam", "IAM_URL", IAM, "BROKER_ALLOWED_IDENTITIES",
        IDENTITIES, "SSO_CLIENT_SECRET", "sso-secret-value", "BROKER_API_KEY", "api-key-value"),
        "SSO_CLIENT_SECRET is set, but SSO_CLIENT_ID is not");
  }

  /**
   * Without {@code IAM_URL} IAM is the embedded simulator (not IBM Cloud's IAM, broker-iam's
   * default), which signs users in with a client of its own: a client of one's own is unused.
   */
  @Test
  void ssoClientIdWithoutIamUrlIsRefusedSinceTheEmbeddedSimulatorUsesItsOwnClient() {
    runs.assertRefused(runs.start("BROKER_AUTH", "iam", "SSO_CLIENT_ID", "client-id-value",
        "SSO_CLIENT_SECRET", "sso-secret-value", "BROKER_API_KEY", "api-key-value",
        "PUBLIC_URL", "http://localhost:8080"),
        "SSO_CLIENT_ID is set, but IAM_URL is not: unset, IAM is the sample's embedded IAM"
            + " simulator, which signs dashboard users in with its own client; set IAM_URL (e.g."
            + " https://iam.cloud.ibm.com) to use this client, or unset SSO_CLIENT_ID");
    assertThat(runs.err() + runs.out()).doesNotContain("value");
  }

  /** The sample builds dashboard SSO on the IAM wiring of BROKER_AUTH=iam only. */
  @Test
  void ssoClientIdWithBasicAuthIsRefusedNamingBrokerAuth() {
    String basic = "SSO_CLIENT_ID is set, but BROKER_AUTH=basic: the sample signs dashboard"
        + " users in through IAM only with BROKER_AUTH=iam (the default); set BROKER_AUTH=iam, or"
        + " unset SSO_CLIENT_ID and SSO_CLIENT_SECRET";
    runs.assertRefused(runs.start("BROKER_AUTH", "basic", "IAM_URL", IAM,
        "SSO_CLIENT_ID", "client-id-value", "SSO_CLIENT_SECRET", "sso-secret-value",
        "BROKER_API_KEY", "api-key-value", "PUBLIC_URL", "https://broker.example.com"), basic);
    runs.assertRefused(runs.start("SSO_CLIENT_ID", "client-id-value"), basic);
    assertThat(runs.err() + runs.out()).doesNotContain("value");
  }

  /**
   * The redirect URI registered with the SSO client must be known before the start; with
   * {@code PORT=0} only {@code PUBLIC_URL} gives it.
   */
  @Test
  void ssoClientIdWithAPortPickedAtTheStartAndNoPublicUrlIsRefusedNamingBoth() {
    runs.assertRefused(runs.start("BROKER_AUTH", "iam", "IAM_URL", IAM,
        "BROKER_ALLOWED_IDENTITIES", IDENTITIES, "SSO_CLIENT_ID", "client-id-value",
        "SSO_CLIENT_SECRET", "sso-secret-value", "BROKER_API_KEY", "api-key-value",
        "PORT", "0"),
        "SSO_CLIENT_ID is set with PORT=0, but PUBLIC_URL is not: the redirect URI registered"
            + " with the SSO client, <PUBLIC_URL>/dashboard/callback, must be known before the"
            + " start; set PUBLIC_URL or a fixed PORT, or unset SSO_CLIENT_ID");
    assertThat(runs.err() + runs.out()).doesNotContain("value");
  }

  @Test
  void completeOrBlankSsoSettingsStillStart() {
    assertThat(runs.start("SSO_CLIENT_ID", " ", "SSO_CLIENT_SECRET", "").exitStatus()).isZero();
    assertThat(runs.start("BROKER_AUTH", "iam", "IAM_URL", "http://127.0.0.1:1",
        "BROKER_ALLOWED_IDENTITIES", IDENTITIES, "SSO_CLIENT_ID", "client-id-value",
        "SSO_CLIENT_SECRET", "sso-secret-value", "BROKER_API_KEY", "api-key-value",
        "PUBLIC_URL", "http://localhost:8080").exitStatus()).isZero();
    assertThat(runs.err()).isEmpty();
    IamSettings complete = IamSettings.fromEnvironment(Map.of("IAM_URL", IAM,
        "SSO_CLIENT_ID", "id", "SSO_CLIENT_SECRET", "secret", "BROKER_API_KEY", "key"));
    assertThat(complete.ssoConfigured()).isTrue();
  }

  /**
   * Without {@code IAM_URL} IAM is the embedded simulator, which takes a demo key of its own for
   * the broker's service-ID token (dashboard SSO and metering alike): a key of one's own is
   * unused, with either {@code BROKER_AUTH}.
   */
  @Test
  void apiKeysWithoutIamUrlAreRefusedSinceTheEmbeddedSimulatorTakesItsOwnKey() {
    runs.assertRefused(runs.start("BROKER_AUTH", "iam", "BROKER_API_KEY", "api-key-value"),
        "BROKER_API_KEY is set, but IAM_URL is not: unset, IAM is the sample's embedded IAM"
            + " simulator, which takes a demo key of its own; set IAM_URL (e.g."
            + " https://iam.cloud.ibm.com) to use this key, or unset BROKER_API_KEY");
    runs.assertRefused(runs.start("IAM_APIKEY", "metering-key-value"),
        "IAM_APIKEY is set, but IAM_URL is not");
    runs.assertRefused(runs.start("BROKER_API_KEY", "api-key-value", "IAM_APIKEY",
        "metering-key-value", "IAM_URL", " "), "BROKER_API_KEY and IAM_APIKEY are set, but"
            + " IAM_URL is not: unset, IAM is the sample's embedded IAM simulator, which takes a"
            + " demo key of its own; set IAM_URL (e.g. https://iam.cloud.ibm.com) to use these"
            + " keys, or unset BROKER_API_KEY and IAM_APIKEY");
    assertThat(runs.err() + runs.out()).doesNotContain("value");
    assertThat(runs.start("BROKER_API_KEY", " ", "IAM_APIKEY", "").exitStatus()).isZero();
    assertThat(runs.start("IAM_URL", "http://127.0.0.1:1", "IAM_APIKEY", "metering-key-value")
        .exitStatus()).as(runs.lastErr()).isZero();
  }

  @Test
  void databaseOnlySettingsWithoutADatabaseAreRefusedNamingBoth() {
    String key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    runs.assertRefused(runs.start("BROKER_DATABASE_MIGRATE", "false"),
        "BROKER_DATABASE_MIGRATE is set, but BROKER_DATABASE_URL is not: it applies only to"
            + " state in PostgreSQL (in memory the state starts empty at every start); set"
            + " BROKER_DATABASE_URL, or unset BROKER_DATABASE_MIGRATE");
    runs.assertRefused(runs.start("BROKER_CREDENTIALS_KEY", key, "BROKER_CREDENTIALS_PREVIOUS_KEYS",
        "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="),
        "BROKER_CREDENTIALS_PREVIOUS_KEYS is set, but BROKER_DATABASE_URL is not");
    runs.assertRefused(runs.start("BROKER_CREDENTIALS_KEY", key, "BROKER_CREDENTIALS_REENCRYPT",
        "true"),
        "BROKER_CREDENTIALS_REENCRYPT is set, but BROKER_DATABASE_URL is not");
    assertThat(runs.out()).doesNotContain(key);
  }

  @Test
  void databaseOnlySettingsThatAreBlankStillStartInMemory() {
    assertThat(runs.start("BROKER_DATABASE_MIGRATE", " ", "BROKER_CREDENTIALS_PREVIOUS_KEYS", "",
        "BROKER_CREDENTIALS_REENCRYPT", " ").exitStatus()).isZero();
    assertThat(runs.err()).isEmpty();
  }

  /** The samples that keep state in memory ignore a database URL, and what depends on it. */
  @Test
  void inMemorySamplesIgnoreDatabaseOnlySettingsWithTheUrlButRefuseThemWithout() {
    Map<String, String> env = Map.of("BROKER_AUTH", "basic", "BROKER_PASSWORD", "pw",
        "BROKER_DATABASE_URL", "jdbc:postgresql://db/x", "BROKER_DATABASE_MIGRATE", "false");
    assertThat(HelloConfig.fromEnvironmentInMemory(env).state().usesDatabase()).isFalse();
    Map<String, String> withoutUrl = new HashMap<>(env);
    withoutUrl.remove("BROKER_DATABASE_URL");
    assertThatThrownBy(() -> HelloConfig.fromEnvironmentInMemory(withoutUrl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("BROKER_DATABASE_MIGRATE is set, but BROKER_DATABASE_URL is not");
  }
}

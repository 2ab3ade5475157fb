package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Settings that the sample would accept and then not use (a dashboard SSO half configured, so
 * SSO stays off without a word; settings only a database uses, while the state is in memory):
 * each stops the start with one line naming the variables (exit status 2), never showing a
 * value.
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

  @Test
  void completeOrBlankSsoSettingsStillStart() {
    assertThat(runs.start("SSO_CLIENT_ID", " ", "SSO_CLIENT_SECRET", "").exitStatus()).isZero();
    assertThat(runs.start("SSO_CLIENT_ID", "client-id-value").exitStatus()).isZero();
    assertThat(runs.err()).isEmpty();
    IamSettings complete = IamSettings.fromEnvironment(Map.of("IAM_URL", IAM,
        "SSO_CLIENT_ID", "id", "SSO_CLIENT_SECRET", "secret", "BROKER_API_KEY", "key"));
    assertThat(complete.ssoConfigured()).isTrue();
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

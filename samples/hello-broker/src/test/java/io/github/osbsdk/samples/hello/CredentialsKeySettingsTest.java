package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code BROKER_CREDENTIALS_KEY}: base64 of an AES key in either alphabet, with or without
 * padding; a malformed or wrong-length value, or a database without a key, stops the start with a
 * message that never shows the value; in memory without it, a random key of the process.
 */
class CredentialsKeySettingsTest {
  private static final String DATABASE = "jdbc:postgresql://db.example:5432/broker";

  /** Bytes whose standard encoding has '+' and '/' (URL-safe: '-' and '_'). */
  private static byte[] awkwardBytes(int length) {
    byte[] key = new byte[length];
    for (int i = 0; i < length; i++) {
      key[i] = (byte) (i % 6 < 3 ? new int[] {0xfb, 0xef, 0xbe}[i % 3] : 0xff);
    }
    return key;
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 24, 32})
  void aKeyIsReadInTheStandardAndTheUrlSafeAlphabetWithAndWithoutPadding(int length) {
    byte[] key = awkwardBytes(length);
    String standard = Base64.getEncoder().encodeToString(key);
    assertThat(standard).contains("+").contains("/");
    for (String encoded : new String[] {standard,
        Base64.getEncoder().withoutPadding().encodeToString(key),
        Base64.getUrlEncoder().encodeToString(key),
        Base64.getUrlEncoder().withoutPadding().encodeToString(key),
        " " + standard + "\n"}) {
      StateSettings settings = StateSettings.fromEnvironment(
          Map.of("BROKER_DATABASE_URL", DATABASE, "BROKER_DATABASE_USER", "broker",
              "BROKER_CREDENTIALS_KEY", encoded));
      assertThat(settings.credentialsKey().getAlgorithm()).isEqualTo("AES");
      assertThat(settings.credentialsKey().getEncoded()).as(encoded).isEqualTo(key);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"not base64 at all!", "c2VjcmV0*c2VjcmV0", "abcde", "====",
      "ab=cdefghijklmnopqrstuvw", "abcdefghijklmnopqrstuv===", "häbcdefghijklmnopqrstuv"})
  void startUpFailsForAMalformedKeyWithAMessageThatDoesNotShowIt(String value) {
    assertThatThrownBy(() -> HelloConfig.fromEnvironment(Map.of("BROKER_CREDENTIALS_KEY", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BROKER_CREDENTIALS_KEY is not valid base64")
        .hasMessageContaining("openssl rand -base64 32")
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value.strip()));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 15, 20, 31, 33, 64})
  void startUpFailsForAKeyOfTheWrongLengthWithAMessageThatDoesNotShowIt(int length) {
    byte[] bytes = awkwardBytes(length);
    String value = Base64.getEncoder().encodeToString(bytes);
    assertThatThrownBy(() -> HelloConfig.fromEnvironment(Map.of("BROKER_DATABASE_URL", DATABASE,
        "BROKER_CREDENTIALS_KEY", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BROKER_CREDENTIALS_KEY must decode to 16, 24 or 32 bytes")
        .hasMessageContaining("not " + length)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value)
            .doesNotContain(value.replace("=", "")));
  }

  @Test
  void startUpFailsClosedForADatabaseWithoutAKey() {
    for (Map<String, String> env : Arrays.asList(Map.of("BROKER_DATABASE_URL", DATABASE),
        Map.of("BROKER_DATABASE_URL", DATABASE, "BROKER_CREDENTIALS_KEY", "  "))) {
      assertThatThrownBy(() -> HelloConfig.fromEnvironment(env))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("BROKER_CREDENTIALS_KEY is required with BROKER_DATABASE_URL")
          .hasMessageContaining("binding credentials are stored encrypted")
          .hasMessageContaining("every replica needs the same BROKER_CREDENTIALS_KEY")
          .hasMessageContaining("openssl rand -base64 32");
    }
    assertThatThrownBy(() -> new StateSettings(DATABASE, null, null, Duration.ofSeconds(30),
        null)).hasMessageContaining("every replica needs the same BROKER_CREDENTIALS_KEY");
  }

  @Test
  void previousKeysAreReadCommaSeparatedAndBlankEntriesIgnored() {
    String k1 = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
    String k2 = "ICEiIyQlJicoKSorLC0uLw";
    StateSettings settings = StateSettings.fromEnvironment(Map.of(
        "BROKER_CREDENTIALS_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "BROKER_CREDENTIALS_PREVIOUS_KEYS", " " + k1 + " ,, " + k2 + ","));

    assertThat(settings.previousCredentialsKeys()).hasSize(2);
    assertThat(settings.previousCredentialsKeys().get(0).getEncoded())
        .isEqualTo(StateSettings.parseCredentialsKey(k1).getEncoded());
    assertThat(settings.previousCredentialsKeys().get(1).getEncoded()).hasSize(16);
    assertThat(settings.toString()).contains("previousCredentialsKeys=2").doesNotContain(k1);
  }

  @Test
  void reencryptionIsOffUnlessTurnedOnAndNeedsTheCurrentKey() {
    String key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    assertThat(StateSettings.fromEnvironment(Map.of("BROKER_CREDENTIALS_KEY", key))
        .reencryptCredentials()).isFalse();
    StateSettings on = StateSettings.fromEnvironment(Map.of("BROKER_CREDENTIALS_KEY", key,
        "BROKER_CREDENTIALS_REENCRYPT", " TRUE "));
    assertThat(on.reencryptCredentials()).isTrue();
    assertThat(on.toString()).contains("reencryptCredentials=true");
    assertThatThrownBy(() -> StateSettings.fromEnvironment(Map.of("BROKER_CREDENTIALS_KEY", key,
        "BROKER_CREDENTIALS_REENCRYPT", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BROKER_CREDENTIALS_REENCRYPT must be true or false");
    assertThatThrownBy(() -> StateSettings.fromEnvironment(Map.of(
        "BROKER_CREDENTIALS_REENCRYPT", "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BROKER_CREDENTIALS_REENCRYPT needs BROKER_CREDENTIALS_KEY");
  }

  @Test
  void previousKeysWithoutACurrentKeyAreRefused() {
    assertThatThrownBy(() -> StateSettings.fromEnvironment(Map.of(
        "BROKER_CREDENTIALS_PREVIOUS_KEYS", "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BROKER_CREDENTIALS_PREVIOUS_KEYS needs BROKER_CREDENTIALS_KEY");
  }

  @Test
  void aMalformedPreviousKeyNamesItsEntryWithoutShowingIt() {
    assertThatThrownBy(() -> StateSettings.fromEnvironment(Map.of(
        "BROKER_CREDENTIALS_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "BROKER_CREDENTIALS_PREVIOUS_KEYS",
        "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=,c2hvcnQ=")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BROKER_CREDENTIALS_PREVIOUS_KEYS (entry 2) must decode to 16, 24"
            + " or 32 bytes")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2hvcnQ"));
  }

  @Test
  void inMemorySamplesIgnoreTheDatabaseSettingsAndNeedNoKey() {
    Map<String, String> env = Map.of("BROKER_DATABASE_URL", DATABASE,
        "BROKER_DATABASE_USER", "broker", "BROKER_DATABASE_PASSWORD", "db-secret",
        "BROKER_AUTH", "basic", "BROKER_PASSWORD", "pw");

    HelloConfig config = HelloConfig.fromEnvironmentInMemory(env);

    assertThat(config.state().usesDatabase()).isFalse();
    assertThat(config.state().databasePassword()).isNull();
    assertThat(HelloConfig.inMemoryNote(env, "hello-broker-cxf"))
        .isEqualTo("Note: hello-broker-cxf keeps its state in memory and ignores"
            + " BROKER_DATABASE_URL (samples/hello-broker keeps it in PostgreSQL).");
    assertThat(HelloConfig.inMemoryNote(Map.of(), "hello-broker-cxf")).isEmpty();
    assertThatThrownBy(() -> HelloConfig.fromEnvironment(env))
        .hasMessageContaining("BROKER_CREDENTIALS_KEY is required with BROKER_DATABASE_URL");
  }

  @Test
  void inMemoryWithoutAKeyTheBrokerUsesOneRandomAes256KeyPerProcess() {
    HelloConfig config = HelloConfig.fromEnvironment(Map.of("BROKER_AUTH", "basic"));
    assertThat(config.state().credentialsKey()).isNull();
    HelloState state = HelloState.inMemory(new InMemoryKeyValueStore());
    SecretKey key = HelloBroker.credentialsKey(config, state);
    assertThat(key.getAlgorithm()).isEqualTo("AES");
    assertThat(key.getEncoded()).hasSize(32);
    assertThat(HelloBroker.credentialsKey(HelloConfig.local("u", "p", Duration.ZERO), state))
        .isSameAs(key);
  }

  @Test
  void aConfiguredKeyIsUsedInMemoryToo() {
    String value = Base64.getEncoder().encodeToString(awkwardBytes(16));
    HelloConfig config = HelloConfig.fromEnvironment(Map.of("BROKER_CREDENTIALS_KEY", value));
    assertThat(HelloBroker.credentialsKey(config,
        HelloState.inMemory(new InMemoryKeyValueStore())).getEncoded())
        .isEqualTo(awkwardBytes(16));
  }

  @Test
  void settingsNeverShowTheKey() {
    String value = Base64.getEncoder().encodeToString(awkwardBytes(32));
    StateSettings settings = StateSettings.fromEnvironment(Map.of("BROKER_DATABASE_URL",
        DATABASE, "BROKER_DATABASE_USER", "broker", "BROKER_DATABASE_PASSWORD", "db-secret",
        "BROKER_CREDENTIALS_KEY", value));
    assertThat(settings.toString()).contains("credentialsKey=***").doesNotContain(value)
        .doesNotContain("db-secret");
    assertThat(StateSettings.inMemory().toString()).contains("credentialsKey=none");
  }
}

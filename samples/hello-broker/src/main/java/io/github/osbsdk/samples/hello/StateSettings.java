package io.github.osbsdk.samples.hello;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where the sample keeps its state, read from environment variables.
 *
 * @param databaseUrl a PostgreSQL JDBC URL ({@code BROKER_DATABASE_URL}, e.g.
 *     {@code jdbc:postgresql://localhost:5432/broker}); null keeps everything in memory
 * @param databaseUser the database user ({@code BROKER_DATABASE_USER})
 * @param databasePassword the database password ({@code BROKER_DATABASE_PASSWORD})
 * @param lease how long an asynchronous operation stays a replica's without renewal
 *     ({@code BROKER_LEASE_S}, default 30 s): another replica takes it over within about that
 * @param credentialsKey the AES key under which the SDK's registry keeps binding credentials
 *     ({@code BROKER_CREDENTIALS_KEY}: 16, 24 or 32 bytes in base64); required with a database,
 *     since every replica must decrypt what another stored; null in memory, where
 *     {@link HelloBroker} uses a random key per process
 * @param previousCredentialsKeys earlier credentials keys, which only decrypt
 *     ({@code BROKER_CREDENTIALS_PREVIOUS_KEYS}: comma-separated, same format), for changing the
 *     key without a pause (see {@code Broker.Builder.storeCredentials(SecretKey, List)})
 * @param reencryptCredentials whether to rewrite, in the background after the start, the stored
 *     credentials that a previous key opens under the current key
 *     ({@code BROKER_CREDENTIALS_REENCRYPT=true}; see {@code Broker.reencryptCredentials()}),
 *     so the previous keys can then be dropped
 * @param migrate whether the start applies the SDK's and the sample's migrations
 *     ({@code BROKER_DATABASE_MIGRATE}, default {@code true}); {@code false} when the user's own
 *     tool (Flyway, Liquibase) applies them: the start then only checks that their tables exist
 */
public record StateSettings(String databaseUrl, String databaseUser, String databasePassword,
    Duration lease, SecretKey credentialsKey, List<SecretKey> previousCredentialsKeys,
    boolean reencryptCredentials, boolean migrate) {
  /** The environment variable of {@link #credentialsKey()}. */
  public static final String CREDENTIALS_KEY_VARIABLE = "BROKER_CREDENTIALS_KEY";
  /** The environment variable of {@link #previousCredentialsKeys()}. */
  public static final String PREVIOUS_KEYS_VARIABLE = "BROKER_CREDENTIALS_PREVIOUS_KEYS";
  /** The environment variable of {@link #reencryptCredentials()}. */
  public static final String REENCRYPT_VARIABLE = "BROKER_CREDENTIALS_REENCRYPT";
  /** The environment variable of {@link #migrate()}. */
  public static final String MIGRATE_VARIABLE = "BROKER_DATABASE_MIGRATE";

  /**
   * Validates: with a database the credentials key is required (fail closed).
   *
   * @throws IllegalArgumentException when a database is set without a credentials key, or the
   *     key is not a 128, 192 or 256-bit AES key
   */
  public StateSettings {
    Objects.requireNonNull(lease, "lease == null");
    if (credentialsKey != null) {
      checkKey(credentialsKey);
    } else if (databaseUrl != null) {
      throw new IllegalArgumentException(missingKeyMessage());
    }
    previousCredentialsKeys = List.copyOf(previousCredentialsKeys);
    if (!previousCredentialsKeys.isEmpty() && credentialsKey == null) {
      throw new IllegalArgumentException(PREVIOUS_KEYS_VARIABLE + " needs "
          + CREDENTIALS_KEY_VARIABLE + ": the previous keys only decrypt, the current key"
          + " encrypts");
    }
    previousCredentialsKeys.forEach(StateSettings::checkKey);
    if (reencryptCredentials && credentialsKey == null) {
      throw new IllegalArgumentException(REENCRYPT_VARIABLE + " needs "
          + CREDENTIALS_KEY_VARIABLE + ": stored credentials are rewritten under that key");
    }
  }

  /**
   * Settings that apply the migrations at start.
   *
   * @param databaseUrl the JDBC URL, or null for memory
   * @param databaseUser the database user
   * @param databasePassword the database password
   * @param lease the operation lease
   * @param credentialsKey the credentials key, or null
   * @param previousCredentialsKeys earlier keys, which only decrypt
   * @param reencryptCredentials whether to rewrite what a previous key opens under the current
   */
  public StateSettings(String databaseUrl, String databaseUser, String databasePassword,
      Duration lease, SecretKey credentialsKey, List<SecretKey> previousCredentialsKeys,
      boolean reencryptCredentials) {
    this(databaseUrl, databaseUser, databasePassword, lease, credentialsKey,
        previousCredentialsKeys, reencryptCredentials, true);
  }

  /**
   * Settings that do not re-encrypt stored credentials.
   *
   * @param databaseUrl the JDBC URL, or null for memory
   * @param databaseUser the database user
   * @param databasePassword the database password
   * @param lease the operation lease
   * @param credentialsKey the credentials key, or null
   * @param previousCredentialsKeys earlier keys, which only decrypt
   */
  public StateSettings(String databaseUrl, String databaseUser, String databasePassword,
      Duration lease, SecretKey credentialsKey, List<SecretKey> previousCredentialsKeys) {
    this(databaseUrl, databaseUser, databasePassword, lease, credentialsKey,
        previousCredentialsKeys, false);
  }

  /**
   * Settings without previous credentials keys.
   *
   * @param databaseUrl the JDBC URL, or null for memory
   * @param databaseUser the database user
   * @param databasePassword the database password
   * @param lease the operation lease
   * @param credentialsKey the credentials key, or null
   */
  public StateSettings(String databaseUrl, String databaseUser, String databasePassword,
      Duration lease, SecretKey credentialsKey) {
    this(databaseUrl, databaseUser, databasePassword, lease, credentialsKey, List.of());
  }

  /**
   * The start-up failure for a database without a credentials key.
   *
   * @return the message
   */
  static String missingKeyMessage() {
    return CREDENTIALS_KEY_VARIABLE + " is required with BROKER_DATABASE_URL: with a database,"
        + " binding credentials are stored encrypted in it and every replica needs the same "
        + CREDENTIALS_KEY_VARIABLE + " to read them. Make one with `openssl rand -base64 32`"
        + " and give the same value to every replica.";
  }

  /**
   * Reads the settings.
   *
   * @param env the environment
   * @return the settings
   * @throws IllegalArgumentException when {@code BROKER_CREDENTIALS_KEY} is malformed or of the
   *     wrong length, or missing with {@code BROKER_DATABASE_URL} (the message never shows the
   *     value), or {@code BROKER_DATABASE_URL} is set without {@code BROKER_DATABASE_USER} and
   *     names no {@code user=} itself
   */
  public static StateSettings fromEnvironment(Map<String, String> env) {
    String key = blankToNull(env.get(CREDENTIALS_KEY_VARIABLE));
    String rawUrl = env.get("BROKER_DATABASE_URL");
    if (rawUrl != null && rawUrl.isBlank()) {
      // often a secret that was not mounted: in memory, this replica would split from the others
      throw new IllegalArgumentException("BROKER_DATABASE_URL is set but empty: give the JDBC"
          + " URL, or unset the variable to keep the state in memory");
    }
    String url = blankToNull(rawUrl);
    if (url != null && !url.startsWith("jdbc:postgresql:")) {
      // never quoted: a JDBC URL may carry the password
      throw new IllegalArgumentException("BROKER_DATABASE_URL must be a PostgreSQL JDBC URL,"
          + " e.g. jdbc:postgresql://db:5432/broker");
    }
    String user = blankToNull(env.get("BROKER_DATABASE_USER"));
    StateSettings settings = new StateSettings(url, user,
        blankToNull(env.get("BROKER_DATABASE_PASSWORD")),
        lease(env),
        key == null ? null : parseCredentialsKey(key),
        previousKeys(env.get(PREVIOUS_KEYS_VARIABLE)),
        EnvValues.readFlag(env, REENCRYPT_VARIABLE),
        env.getOrDefault(MIGRATE_VARIABLE, "").isBlank()
            || EnvValues.readFlag(env, MIGRATE_VARIABLE));
    if (url != null && user == null && !urlNamesUser(url)) {
      throw new IllegalArgumentException("BROKER_DATABASE_USER is required with"
          + " BROKER_DATABASE_URL (unless the URL names the user: ...?user=broker); without it"
          + " the PostgreSQL driver logs in as the operating system's user");
    }
    return settings;
  }

  /**
   * Refuses {@code BROKER_DATABASE_MIGRATE}, {@code BROKER_CREDENTIALS_PREVIOUS_KEYS} and
   * {@code BROKER_CREDENTIALS_REENCRYPT} (set and not blank) without {@code BROKER_DATABASE_URL}:
   * in memory there are no migrations, and the state starts empty at every start, so no stored
   * credentials are ever under a previous key. Call it after {@link #fromEnvironment}, which
   * checks their values; the message names the variables only.
   *
   * @param env the environment
   * @throws IllegalArgumentException naming the variable and {@code BROKER_DATABASE_URL}
   */
  static void refuseDatabaseSettingsWithoutDatabase(Map<String, String> env) {
    if (blankToNull(env.get("BROKER_DATABASE_URL")) != null) {
      return;
    }
    for (String variable : List.of(MIGRATE_VARIABLE, PREVIOUS_KEYS_VARIABLE,
        REENCRYPT_VARIABLE)) {
      if (blankToNull(env.get(variable)) != null) {
        throw new IllegalArgumentException(variable + " is set, but BROKER_DATABASE_URL is not:"
            + " it applies only to state in PostgreSQL (in memory the state starts empty at"
            + " every start); set BROKER_DATABASE_URL, or unset " + variable);
      }
    }
  }

  /** Whether a JDBC URL's query names a non-empty {@code user}, as pgjdbc reads it. */
  private static boolean urlNamesUser(String url) {
    int query = url.indexOf('?');
    if (query < 0) {
      return false;
    }
    for (String parameter : url.substring(query + 1).split("&")) {
      if (parameter.startsWith("user=") && parameter.length() > "user=".length()) {
        return true;
      }
    }
    return false;
  }

  private static List<SecretKey> previousKeys(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<SecretKey> keys = new ArrayList<>();
    String[] entries = value.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      if (!entries[i].isBlank()) {
        keys.add(parseKey(entries[i], PREVIOUS_KEYS_VARIABLE + " (entry " + (i + 1) + ")"));
      }
    }
    return keys;
  }

  private static Duration lease(Map<String, String> env) {
    return Duration.ofSeconds(EnvValues.read(env, "BROKER_LEASE_S", 30, 1, 600, " seconds"));
  }

  /**
   * Parses a credentials key: base64 in the standard or the URL-safe alphabet, with or without
   * padding, of 16, 24 or 32 bytes (AES-128, -192 or -256).
   *
   * @param base64 the encoded key
   * @return the AES key
   * @throws IllegalArgumentException when the text is not base64 or the key has the wrong length;
   *     the message never shows the text
   */
  public static SecretKey parseCredentialsKey(String base64) {
    return parseKey(base64, CREDENTIALS_KEY_VARIABLE);
  }

  private static SecretKey parseKey(String base64, String variable) {
    Objects.requireNonNull(base64, "base64 == null");
    String text = base64.strip();
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '=') {
      end--;
    }
    String unpadded = text.substring(0, end).replace('-', '+').replace('_', '/');
    byte[] bytes = null;
    if (text.length() - end <= 2 && unpadded.length() % 4 != 1) {
      try {
        bytes = Base64.getDecoder().decode(unpadded);
      } catch (IllegalArgumentException e) {
        bytes = null; // the decoder's message quotes the offending character
      }
    }
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException(variable + " is not valid base64 (the"
          + " standard or the URL-safe alphabet, padding optional); make one with"
          + " `openssl rand -base64 32`.");
    }
    if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
      int length = bytes.length;
      Arrays.fill(bytes, (byte) 0);
      throw new IllegalArgumentException(variable + " must decode to 16, 24 or"
          + " 32 bytes (an AES-128, -192 or -256 key), not " + length + "; make one with"
          + " `openssl rand -base64 32`.");
    }
    SecretKey key = new SecretKeySpec(bytes, "AES");
    Arrays.fill(bytes, (byte) 0);
    return key;
  }

  /**
   * Keeps everything in memory, with the default lease.
   *
   * @return the settings
   */
  public static StateSettings inMemory() {
    return new StateSettings(null, null, null, Duration.ofSeconds(30), null);
  }

  /**
   * Keeps everything in a PostgreSQL database.
   *
   * @param url the JDBC URL
   * @param user the user
   * @param password the password, may be null
   * @param lease the operation lease
   * @param credentialsKey the AES key of the stored binding credentials; the same on every
   *     replica
   * @return the settings
   */
  public static StateSettings postgres(String url, String user, String password,
      Duration lease, SecretKey credentialsKey) {
    return new StateSettings(Objects.requireNonNull(url, "url == null"), user, password, lease,
        Objects.requireNonNull(credentialsKey, "credentialsKey == null"));
  }

  /**
   * Tells whether the state lives in PostgreSQL.
   *
   * @return whether a database URL is set
   */
  public boolean usesDatabase() {
    return databaseUrl != null;
  }

  private static void checkKey(SecretKey key) {
    byte[] encoded = key.getEncoded();
    int length = encoded == null ? 0 : encoded.length;
    if (encoded != null) {
      Arrays.fill(encoded, (byte) 0);
    }
    if (!"AES".equalsIgnoreCase(key.getAlgorithm())
        || length != 16 && length != 24 && length != 32) {
      throw new IllegalArgumentException("the credentials key must be an AES key of 128, 192 or"
          + " 256 bits");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** Hides the database password (also one in the URL) and the credentials key. */
  @Override
  public String toString() {
    return "StateSettings[databaseUrl=" + (databaseUrl == null ? null
        : UrlPasswords.hide(databaseUrl)) + ", databaseUser=" + databaseUser
        + ", lease=" + lease + ", credentialsKey=" + (credentialsKey == null ? "none" : "***")
        + ", previousCredentialsKeys=" + previousCredentialsKeys.size()
        + ", reencryptCredentials=" + reencryptCredentials + ", migrate=" + migrate + "]";
  }
}

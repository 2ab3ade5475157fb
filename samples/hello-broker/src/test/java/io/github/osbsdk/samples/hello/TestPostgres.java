package io.github.osbsdk.samples.hello;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL server for one test class (embedded binaries from Maven Central), on a fixed
 * port and data directory so a test can stop it and start it again.
 */
final class TestPostgres implements AutoCloseable {
  private final Path data;
  private final int port;
  private EmbeddedPostgres server;

  private TestPostgres(Path data, int port) {
    this.data = data;
    this.port = port;
  }

  /**
   * Starts a server.
   *
   * @param data an empty directory for the data
   * @return the running server
   */
  static TestPostgres start(Path data) {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestPostgres pg = new TestPostgres(data, port);
    pg.startAgain();
    return pg;
  }

  /** Starts the server (again) on the same port and data. */
  synchronized void startAgain() {
    try {
      server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
          .setPort(port).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the server; the data stays. */
  synchronized void stop() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the JDBC URL of database {@code postgres} (connect timeout 2 s).
   *
   * @return the URL
   */
  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?connectTimeout=2";
  }

  /**
   * Returns state settings that put everything in this database.
   *
   * @param lease the operation lease
   * @return the settings
   */
  StateSettings settings(Duration lease) {
    return StateSettings.postgres(jdbcUrl(), "postgres", null, lease);
  }

  @Override
  public void close() {
    stop();
  }
}

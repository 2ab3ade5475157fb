package io.github.osbsdk.samples.hello;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server for one test class (embedded binaries from Maven Central), on a fixed
 * port and data directory so a test can stop it and start it again.
 */
final class TestPostgres implements AutoCloseable {
  private final Path data;
  private final int port;
  /** The credentials key of every replica on this server (random per server). */
  private final SecretKey credentialsKey;
  private EmbeddedPostgres server;

  private TestPostgres(Path data, int port) {
    this.data = data;
    this.port = port;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.credentialsKey = new SecretKeySpec(key, "AES");
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
   * Returns a data source on database {@code postgres} as user {@code postgres}, for tests that
   * look at the tables themselves.
   *
   * @return the data source
   */
  synchronized DataSource dataSource() {
    return server.getPostgresDatabase();
  }

  /**
   * Returns a data source on database {@code postgres} as user {@code postgres} whose tables are
   * in a schema ({@code currentSchema}), as a broker configured for that schema has.
   *
   * @param schema the schema
   * @return the data source
   */
  synchronized DataSource dataSource(String schema) {
    return server.getDatabase("postgres", "postgres", java.util.Map.of("currentSchema", schema));
  }

  /**
   * Returns a data source on database {@code postgres} as user {@code postgres} with pgjdbc
   * connection properties, e.g. {@code socketTimeout}.
   *
   * @param properties the properties
   * @return the data source
   */
  synchronized DataSource dataSource(java.util.Map<String, String> properties) {
    return server.getDatabase("postgres", "postgres", properties);
  }

  /**
   * Creates an empty database on this server, for a test that needs a database of its own but
   * not a server of its own (whose initdb and start take seconds).
   *
   * @param name the database's name, a plain identifier
   * @return the database
   */
  synchronized Database newDatabase(String name) {
    try (java.sql.Connection c = server.getPostgresDatabase().getConnection();
        java.sql.Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return new Database(name);
  }

  /** A database of this server, reached as user {@code postgres}. */
  final class Database {
    private final String name;

    private Database(String name) {
      this.name = name;
    }

    /**
     * Returns the database's name.
     *
     * @return the name
     */
    String name() {
      return name;
    }

    /**
     * Returns the JDBC URL of this database (connect timeout 2 s).
     *
     * @return the URL
     */
    String jdbcUrl() {
      return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?connectTimeout=2";
    }

    /**
     * Returns a data source on this database.
     *
     * @return the data source
     */
    DataSource dataSource() {
      return dataSource(java.util.Map.of());
    }

    /**
     * Returns a data source on this database whose tables are in a schema
     * ({@code currentSchema}).
     *
     * @param schema the schema
     * @return the data source
     */
    DataSource dataSource(String schema) {
      return dataSource(java.util.Map.of("currentSchema", schema));
    }

    /**
     * Returns a data source on this database with pgjdbc connection properties.
     *
     * @param properties the properties
     * @return the data source
     */
    DataSource dataSource(java.util.Map<String, String> properties) {
      synchronized (TestPostgres.this) {
        return server.getDatabase("postgres", name, properties);
      }
    }
  }

  /**
   * Freezes the server (SIGSTOP to the postmaster and its backends): connections stay open but
   * nothing answers, as when the database host hangs or the network drops its packets.
   */
  synchronized void freeze() {
    signal("-STOP");
  }

  /** Lets a frozen server go on (SIGCONT). */
  synchronized void thaw() {
    signal("-CONT");
  }

  private void signal(String signal) {
    long postmaster;
    try {
      postmaster = Long.parseLong(java.nio.file.Files.readAllLines(
          data.resolve("postmaster.pid")).get(0).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // the postmaster first, so that it starts no new backend meanwhile; then each backend: a
    // backend that ended between the listing and its signal (kill: no such process) is fine
    kill(signal, postmaster, true);
    ProcessHandle.of(postmaster).ifPresent(p -> p.descendants()
        .forEach(child -> kill(signal, child.pid(), false)));
  }

  private static void kill(String signal, long pid, boolean required) {
    try {
      int exit = new ProcessBuilder("kill", signal, Long.toString(pid))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start().waitFor();
      if (exit != 0 && (required || ProcessHandle.of(pid).map(ProcessHandle::isAlive)
          .orElse(false))) {
        throw new IllegalStateException("could not signal the test server's process " + pid);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns the data directory.
   *
   * @return the directory
   */
  Path dataDirectory() {
    return data;
  }

  /**
   * Returns the credentials key that {@link #settings} gives every replica on this server.
   *
   * @return the AES key
   */
  SecretKey credentialsKey() {
    return credentialsKey;
  }

  /**
   * Returns state settings that put everything in this database, with this server's credentials
   * key (the same for every replica).
   *
   * @param lease the operation lease
   * @return the settings
   */
  StateSettings settings(Duration lease) {
    return StateSettings.postgres(jdbcUrl(), "postgres", null, lease, credentialsKey);
  }

  /**
   * Closes the brokers that use this database (null ones, never started, skipped), then the
   * database.
   *
   * @param servers the brokers
   */
  void closeAfter(HelloServer... servers) {
    for (HelloServer server : servers) {
      if (server != null) {
        server.close();
      }
    }
    close();
  }

  @Override
  public void close() {
    stop();
  }
}

package io.github.osbsdk.broker.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL on a data directory of its own, for tests that stop and start it: such
 * a server must come back on the port its pools know, so it cannot take port 0. The port is
 * probed (a free port taken and given back) just before the start, and a start that fails (most
 * often because something else took the port in between) is tried again on another port, or,
 * for a restart, on the same port after a pause: a collision costs a retry, not the test.
 */
public final class RestartablePostgres {
  private static final int STARTS = 5;
  private static final int RESTARTS = 20;

  private RestartablePostgres() {
  }

  /**
   * Starts a server on a free port, trying another port when a start fails.
   *
   * @param data the data directory, kept between starts
   * @return the running server; {@link EmbeddedPostgres#getPort()} is its port
   * @throws IOException when every try failed (the first failure, the others suppressed)
   */
  public static EmbeddedPostgres start(Path data) throws IOException {
    IOException failed = null;
    for (int i = 0; i < STARTS; i++) {
      try {
        return start(data, freePort());
      } catch (IOException | RuntimeException e) {
        failed = collect(failed, e);
      }
    }
    throw failed;
  }

  /**
   * Starts a stopped server again on its port, trying again after a pause while the start
   * fails (the port briefly taken by another process), for about ten seconds.
   *
   * @param data the data directory the server used
   * @param port the port its pools know
   * @return the running server
   * @throws IOException when every try failed (the first failure, the others suppressed)
   * @throws InterruptedException when interrupted between tries
   */
  public static EmbeddedPostgres restart(Path data, int port)
      throws IOException, InterruptedException {
    IOException failed = null;
    for (int i = 0; i < RESTARTS; i++) {
      try {
        return start(data, port);
      } catch (IOException | RuntimeException e) {
        failed = collect(failed, e);
        Thread.sleep(500);
      }
    }
    throw failed;
  }

  private static EmbeddedPostgres start(Path data, int port) throws IOException {
    return TestDatabase.builder().setDataDirectory(data).setCleanDataDirectory(false)
        .setPort(port).start();
  }

  private static IOException collect(IOException first, Exception e) {
    if (first == null) {
      return e instanceof IOException io ? io : new IOException("start failed", e);
    }
    first.addSuppressed(e);
    return first;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

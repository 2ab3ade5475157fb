package io.github.osbsdk.broker.core.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Captures what slf4j-simple writes while a test body runs: it prints each line to the
 * {@code System.err} of that moment, whichever thread logs. The tests' default level is INFO, so
 * DEBUG lines never appear. Shared with broker-iam's and broker-metering's tests through this
 * module's test jar.
 */
public final class StderrCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  /** Sends {@code System.err} here until {@link #close()}. */
  public StderrCapture() {
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }

  /**
   * The lines written so far.
   *
   * @return the lines
   */
  public List<String> lines() {
    System.err.flush();
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
  }

  /** Gives {@code System.err} back to what it was. */
  @Override
  public void close() {
    System.setErr(original);
  }
}

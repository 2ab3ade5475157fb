package io.github.osbsdk.broker.core;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Catches what the tests' slf4j-simple logs while a test body runs: it writes every line to the
 * {@code System.err} of the moment, from whichever thread logs.
 */
final class StderrCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  /** Sends {@code System.err} here until {@link #close()}. */
  StderrCapture() {
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }

  /** The lines logged so far. */
  List<String> lines() {
    System.err.flush();
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
  }

  /** Gives {@code System.err} back. */
  @Override
  public void close() {
    System.setErr(original);
  }
}

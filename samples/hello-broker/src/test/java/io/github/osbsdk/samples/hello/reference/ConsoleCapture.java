package io.github.osbsdk.samples.hello.reference;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Catches what is logged while a test body runs, whichever logger a container brings:
 * slf4j-simple writes each line to the {@code System.err} of the moment, Spring Boot's logback
 * to the {@code System.out} of the moment, from whichever thread logs.
 */
public final class ConsoleCapture implements AutoCloseable {
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  /** Sends {@code System.out} and {@code System.err} here until {@link #close()}. */
  public ConsoleCapture() {
    PrintStream both = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
  }

  /**
   * What was written so far.
   *
   * @return the text
   */
  public String text() {
    System.out.flush();
    System.err.flush();
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** Gives {@code System.out} and {@code System.err} back. */
  @Override
  public void close() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }
}

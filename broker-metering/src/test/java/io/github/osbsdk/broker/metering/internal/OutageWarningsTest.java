package io.github.osbsdk.broker.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What {@link OutageWarnings} writes of a failure whose message is outside text (a driver's,
 * repeating a value from the database): found in review, a CR/LF in it split the WARN line, so
 * that its second half read as a line of its own.
 */
class OutageWarningsTest {
  private final OutageWarnings warnings =
      new OutageWarnings(LoggerFactory.getLogger(OutageWarningsTest.class), new TestClock());

  @Test
  void aFailureMessageWithALineBreakStaysOnTheWarnLineEscaped() {
    try (StderrCapture log = new StderrCapture()) {
      warnings.failed("outbox failed, retrying", new IllegalStateException(
          "relation missing\r\n[main] WARN forged - all usage delivered"));

      List<String> lines = log.lines();
      assertThat(lines).as("lines written").singleElement().asString()
          .contains("WARN", "outbox failed, retrying", "IllegalStateException",
              "relation missing\\u000d\\u000a[main] WARN forged");
    }
  }

  @Test
  void aFailureMessageWithAUnicodeLineSeparatorIsEscaped() {
    try (StderrCapture log = new StderrCapture()) {
      warnings.failed("outbox failed, retrying",
          new IllegalStateException("relation missing\u2028forged"));

      assertThat(log.lines()).singleElement().asString()
          .contains("relation missing\\u2028forged").doesNotContain("\u2028");
    }
  }
}

package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import org.junit.jupiter.api.Test;

/**
 * A replica that cannot open stored binding credentials writes one ERROR line in all for ten
 * failing fetches ("one failure never writes two ERROR lines", {@code RequestErrorLog}): the
 * line that says why is limited, and the 500 that follows is marked as logged, so
 * {@code Endpoint} writes no second ERROR of its own.
 */
class CredentialFailureErrorLinesTest {
  private static long errorLines(StderrCapture log) {
    return log.lines().stream().filter(l -> l.contains(" ERROR ")).count();
  }

  @Test
  void aWrongKeyFoundAfterTheStartWritesOneErrorLineInAll() {
    try (UnopenableCredentials c = UnopenableCredentials.underAWrongKeyFoundAfterTheStart();
        StderrCapture log = new StderrCapture()) {
      c.fetchTenTimes();
      assertThat(errorLines(log)).as(String.join("\n", log.lines())).isEqualTo(1);
    }
  }

  @Test
  void credentialsThatCannotBeOpenedWriteOneErrorLineInAll() {
    try (UnopenableCredentials c = UnopenableCredentials.damaged();
        StderrCapture log = new StderrCapture()) {
      c.fetchTenTimes();
      assertThat(errorLines(log)).as(String.join("\n", log.lines())).isEqualTo(1);
    }
  }
}

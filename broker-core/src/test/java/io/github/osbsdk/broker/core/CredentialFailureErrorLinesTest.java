package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import org.junit.jupiter.api.Test;

/**
 * Audit: a replica that cannot open stored binding credentials writes one ERROR line in all
 * for ten failing fetches, as 80a74cbd and {@code RequestErrorLog} promise ("one failure never
 * writes two ERROR lines"). The line that says why is limited, but the 500 is thrown as a plain
 * {@code internalError}, not as {@code RequestErrorLog.loggedInternalError}, so {@code Endpoint}
 * logs a second ERROR ("Request ... answered 500") under a kind of its own.
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

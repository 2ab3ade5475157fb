package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a replica logs at the default level (INFO) when it cannot open stored binding
 * credentials on every fetch (a wrong key found after the start, a damaged value): one ERROR a
 * minute, not one per request; the answers stay 500.
 */
class CredentialFailureLoggingTest {
  private static List<String> lines(StderrCapture log, String text) {
    return log.lines().stream().filter(l -> l.contains(text)).toList();
  }

  @Test
  void aWrongKeyFoundAfterTheStartLogsOneErrorNotOnePerRequest() {
    try (UnopenableCredentials c = UnopenableCredentials.underAWrongKeyFoundAfterTheStart();
        StderrCapture log = new StderrCapture()) {
      c.fetchTenTimes();
      assertThat(lines(log, "does not match the binding credentials")).singleElement()
          .asString().contains("ERROR");
    }
  }

  @Test
  void credentialsThatCannotBeOpenedLogOneErrorNotOnePerRequest() {
    try (UnopenableCredentials c = UnopenableCredentials.damaged();
        StderrCapture log = new StderrCapture()) {
      c.fetchTenTimes();
      assertThat(lines(log, " of instance ")).singleElement().asString()
          .contains("ERROR");
    }
  }
}

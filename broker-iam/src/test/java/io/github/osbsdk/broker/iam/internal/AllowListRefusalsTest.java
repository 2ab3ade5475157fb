package io.github.osbsdk.broker.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a 403 for an identity missing from the allow-list writes to the log (INFO and up). */
class AllowListRefusalsTest {
  final TestClock clock = new TestClock(Instant.parse("2026-12-05T12:00:00Z"));
  final AllowListRefusals refusals = new AllowListRefusals(clock);

  static List<String> warnings(StderrCapture log) {
    return log.lines().stream().filter(l -> l.contains("WARN")).toList();
  }

  /**
   * Any IBM Cloud account can get a valid token: whoever sent the first identities must not
   * leave every identity after them to one shared line a minute, so a platform's mistyped
   * identity would go unnamed.
   */
  @Test
  void identitiesRefusedAfterTheFirstOnesWentIdleAreEachNamed() {
    for (int i = 0; i < AllowListRefusals.MAX_IDENTITIES; i++) {
      refusals.refused("iam-stranger-" + i);
    }
    clock.advance(AllowListRefusals.WARN_EVERY);

    try (StderrCapture log = new StderrCapture()) {
      refusals.refused("crn-platform-a");
      refusals.refused("crn-platform-b");

      assertThat(warnings(log)).hasSize(2)
          .anyMatch(l -> l.contains("\"crn-platform-a\""))
          .anyMatch(l -> l.contains("\"crn-platform-b\""));
    }
  }

  @Test
  void anIdentityRefusedAgainWithinAMinuteIsNotWarnedTwice() {
    try (StderrCapture log = new StderrCapture()) {
      refusals.refused("crn-platform-a");
      refusals.refused("crn-platform-a");

      assertThat(warnings(log)).hasSize(1);
    }
  }

  @Test
  void anIdentityWithLineBreaksOrControlCharactersCannotForgeALogLine() {
    try (StderrCapture log = new StderrCapture()) {
      refusals.refused("crn-x\r\nWARN forged line\u0085\u2028\u001b[31m");

      assertThat(log.lines()).hasSize(1);
      assertThat(log.lines().get(0)).contains("crn-x\\u000d\\u000aWARN forged line")
          .doesNotContain("\u001b").doesNotContain("\u0085").doesNotContain("\u2028");
    }
  }
}

package io.github.osbsdk.broker.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenRefusalsTest {
  final TestClock clock = new TestClock();
  final TokenRefusals refusals = new TokenRefusals(clock);

  static List<String> warnings(StderrCapture log) {
    return log.lines().stream().filter(l -> l.contains("WARN")).toList();
  }

  @Test
  void aPersistingRefusalWarnsOnceEveryFiveMinutesCountingTheOthers() {
    try (StderrCapture log = new StderrCapture()) {
      refusals.refused("t1", System.nanoTime(), 3); // the first: INFO, a new token is asked for
      for (int i = 0; i < 20; i++) {
        clock.advance(Duration.ofSeconds(10));
        refusals.refused("t2", System.nanoTime(), 3);
      }
      assertThat(warnings(log)).singleElement().asString().contains("again after the token")
          .doesNotContain("suppressed");
      clock.advance(TokenRefusals.WARN_EVERY);
      refusals.refused("t2", System.nanoTime(), 3);
      assertThat(warnings(log)).hasSize(2);
      assertThat(warnings(log).get(1)).contains("(19 similar suppressed since ");
    }
  }

  @Test
  void aClockGoneBackDoesNotSilenceTheWarning() {
    try (StderrCapture log = new StderrCapture()) {
      refusals.refused("t1", System.nanoTime(), 1);
      refusals.refused("t2", System.nanoTime(), 1);
      clock.advance(Duration.ofHours(-1));
      refusals.refused("t2", System.nanoTime(), 1);
      assertThat(warnings(log)).hasSize(2);
    }
  }
}

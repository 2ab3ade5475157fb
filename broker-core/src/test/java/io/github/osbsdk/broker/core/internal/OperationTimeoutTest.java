package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.core.internal.metrics.BrokerMetrics;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which timeout an asynchronous operation gets, and how its failure names it. */
class OperationTimeoutTest {
  private static final Plan TWO_HOURS = Plan.builder("p1", "n1", "d")
      .maximumPollingDuration(7_200).build();
  private static final Plan NINETY_SECONDS = Plan.builder("p2", "n2", "d")
      .maximumPollingDuration(90).build();
  private static final Plan UNDECLARED = Plan.builder("p3", "n3", "d").build();

  @Test
  void aPlanGetsItsPollingDurationElseTheOperationTimeoutAndAPlanChangeTheLongerOfTwo() {
    try (OperationRunner runner = new OperationRunner(new InMemoryBrokerStore(),
        Clock.systemUTC(), "r", Duration.ofSeconds(30), Duration.ofDays(3), Runnable::run,
        Map.of(), JacksonConfiguration.newMapper(), BrokerMetrics.NONE, Duration.ofHours(5),
        new BoundBindings(null, JacksonConfiguration.newMapper(), null,
            new ProviderAnswers(new RequestErrorLog(Duration.ofMinutes(1), Clock.systemUTC()),
                AnswerJson.DEFAULT_MAX_BYTES)))) {
      assertThat(runner.timeout(TWO_HOURS)).isEqualTo(Duration.ofHours(2));
      assertThat(runner.timeout(UNDECLARED)).isEqualTo(Duration.ofHours(5));
      assertThat(runner.timeout(NINETY_SECONDS, TWO_HOURS)).isEqualTo(Duration.ofHours(2));
      assertThat(runner.timeout(TWO_HOURS, NINETY_SECONDS)).isEqualTo(Duration.ofHours(2));
      assertThat(runner.timeout(TWO_HOURS, UNDECLARED)).isEqualTo(Duration.ofHours(5));
    }
  }

  @Test
  void aTimeoutIsNamedInItsLargestWholeUnit() {
    assertThat(OperationTimeouts.text(Duration.ofDays(7))).isEqualTo("7 days");
    assertThat(OperationTimeouts.text(Duration.ofHours(2))).isEqualTo("2 hours");
    assertThat(OperationTimeouts.text(Duration.ofMinutes(90))).isEqualTo("90 minutes");
    assertThat(OperationTimeouts.text(Duration.ofSeconds(1))).isEqualTo("1 second");
    assertThat(OperationTimeouts.text(Duration.ofSeconds(61))).isEqualTo("61 seconds");
    assertThat(OperationTimeouts.text(Duration.ofMillis(1500))).isEqualTo("1500 milliseconds");
  }
}

package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How an outbox merges two counts of one window: the values, and the first count's time. */
class MeterCountTest {
  private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant END = START.plusSeconds(3600);

  private static MeterCount count(double value, Instant firstAt) {
    return new MeterCount(Fixtures.crn(1), Fixtures.PLAN, "API_CALL", Aggregation.SUM, START,
        END, value, firstAt);
  }

  @Test
  void aKnownFirstCountWinsOverAnUnknownOneInEitherOrder() {
    Instant known = START.plusSeconds(600);
    // an unknown time (a count of an older version) must not move the record back to START,
    // before the instance may have been provisioned
    assertThat(count(1, null).combinedWith(count(2, known)).firstAt()).isEqualTo(known);
    assertThat(count(1, known).combinedWith(count(2, null)).firstAt()).isEqualTo(known);
    assertThat(count(1, null).combinedWith(count(2, known)).value()).isEqualTo(3);
  }

  @Test
  void theEarlierOfTwoKnownFirstCountsWinsAndTwoUnknownOnesStayUnknown() {
    Instant early = START.plusSeconds(60);
    Instant late = START.plusSeconds(600);
    assertThat(count(1, late).combinedWith(count(2, early)).firstAt()).isEqualTo(early);
    assertThat(count(1, early).combinedWith(count(2, late)).firstAt()).isEqualTo(early);
    assertThat(count(1, null).combinedWith(count(2, null)).firstAt()).isNull();
  }
}

package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A provider that reports its own records ({@code reporter.report}) and runs no meter: no window
 * ever closes, so the in-memory outbox's delivered keys were pruned by nothing and grew by one
 * per record billed for the life of the process. The reporter's sender prunes them now.
 */
class InMemoryDeliveredKeysWithoutAMeterTest {
  private static final Instant LONG_AGO = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void theKeyOfARecordDeliveredLongOverTheRetentionAgoIsPrunedWithoutAnyMeter() {
    InMemoryUsageOutbox outbox = new InMemoryUsageOutbox();
    TestClock clock = new TestClock(Instant.now());
    try (MeteringSimulator sim = MeteringSimulator.start();
        UsageReporter reporter = Fixtures.reporter(sim).outbox(outbox).clock(clock).build()) {
      String crn = Fixtures.crn(1);
      assertThat(reporter.report(List.of(UsageRecord.builder(crn, Fixtures.PLAN)
          .window(LONG_AGO.minus(Duration.ofHours(1)), LONG_AGO).measure("API_CALL", 2)
          .build()))).isOne();
      Await.until(() -> sim.total(crn, Fixtures.PLAN, "API_CALL") == 2.0 && outbox.depth() == 0,
          "the record is delivered");
      // the sender prunes at most hourly on its clock: its next turn
      clock.advance(Duration.ofHours(2));
      Await.until(() -> outbox.deliveredKeys() == 0, "the delivered key is pruned");
    }
    assertThat(outbox.deliveredKeys()).isZero();
  }
}

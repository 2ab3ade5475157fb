package io.github.osbsdk.broker.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.metering.Aggregation;
import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.InMemoryUsageOutbox;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ids in the metering log lines that name a record or a count (found in review: logged as they
 * came, so an id with a NEL, a line or paragraph separator or a bidi control, all of which pass
 * the id checks, could break a log line or disguise what follows it).
 */
class IdsInMeteringLogLinesTest {
  /** An instance id that the checks take, with a line separator, a NEL and a bidi override. */
  private static final String FORGED =
      "crn:v1:bluemix:public:hello:us-south:a/acc:inst-9\u2028forged\u0085line\u202e::";
  private static final Instant HOUR = Instant.parse("2026-01-31T10:00:00Z");

  private static void assertEscaped(StderrCapture log, String line) {
    List<String> lines = log.lines().stream().filter(l -> l.contains(line)).toList();
    assertThat(lines).as("lines with " + line).isNotEmpty().allSatisfy(l -> assertThat(l)
        .contains("\\u2028forged\\u0085line\\u202e").doesNotContain("\u2028")
        .doesNotContain("\u0085").doesNotContain("\u202e"));
  }

  private static UsageRecord record() {
    return UsageRecord.builder(FORGED, "metered").window(HOUR, HOUR.plus(Duration.ofHours(1)))
        .measure("API_CALL", 3).build();
  }

  @Test
  void aCountDroppedAfterItsInstancesEndIsLoggedWithItsIdsEscaped() {
    InMemoryUsageOutbox outbox = new InMemoryUsageOutbox();
    outbox.endInstance(FORGED, HOUR, counts -> null);
    InstanceEnds ends = new InstanceEnds(outbox, () -> HOUR.toEpochMilli());
    try (StderrCapture log = new StderrCapture()) {
      assertThat(ends.dropIfEnded(new MeterCount(FORGED, "metered", "API_CALL",
          Aggregation.SUM, HOUR, HOUR.plus(Duration.ofHours(1)), 2)))
          .isEqualTo(InstanceEnds.Refusal.DROPPED);

      assertEscaped(log, "metering of its instance ended is dropped");
    }
  }

  @Test
  void aLateRecordDroppedIsLoggedWithItsIdsEscaped() {
    try (StderrCapture log = new StderrCapture()) {
      LateRecords.logDropped(record(), "no free late key");

      assertEscaped(log, "late usage is dropped");
    }
  }

  @Test
  void aRecordNearItsDeadlineIsLoggedWithItsIdsEscaped() {
    TestClock clock = new TestClock(Instant.parse("2026-02-01T06:00:00Z"));
    UsageRecord r = record();
    try (StderrCapture log = new StderrCapture()) {
      new SubmissionDeadlines(clock).check(List.of(new ClaimedUsage(r.key(), r, 3)), c -> false,
          clock.instant());

      assertEscaped(log, "still not taken by IBM");
    }
  }
}

package io.github.osbsdk.broker.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The sender's warning of records that near the deadline of their month, on a fixed clock. */
class SubmissionDeadlinesTest {
  private static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  /** The sender leaves none of the records to another sender: it meters their plans. */
  private static final Predicate<ClaimedUsage> NONE_LEFT = c -> false;

  private static ClaimedUsage claimed(String start, int attempts) {
    Instant from = Instant.parse(start);
    UsageRecord r = UsageRecord.builder(CRN, "metered").window(from, from.plusSeconds(3600))
        .measure("API_CALL", 1).build();
    return new ClaimedUsage(r.key(), r, attempts);
  }

  private static List<String> warnings(StderrCapture log) {
    return log.lines().stream().filter(l -> l.contains("WARN") && l.contains("not billed"))
        .toList();
  }

  @Test
  void theDeadlineOfAMonthsUsageIsTheStartOfTheSecondDayOfTheNextMonth() {
    assertThat(SubmissionDeadlines.deadlineOf(claimed("2026-01-31T23:00:00Z", 0).record()))
        .isEqualTo(Instant.parse("2026-02-02T00:00:00Z"));
    assertThat(SubmissionDeadlines.deadlineOf(claimed("2026-12-01T00:00:00Z", 0).record()))
        .isEqualTo(Instant.parse("2027-01-02T00:00:00Z"));
  }

  @Test
  void aRecordOfLastMonthStillFailingOnTheFirstIsWarnedOfWithItsDeadline() {
    TestClock clock = new TestClock(Instant.parse("2026-02-01T06:00:00Z"));
    SubmissionDeadlines deadlines = new SubmissionDeadlines(clock);
    try (StderrCapture log = new StderrCapture()) {
      deadlines.check(List.of(claimed("2026-01-31T10:00:00Z", 3)), NONE_LEFT, clock.instant());

      assertThat(warnings(log)).singleElement().satisfies(l -> assertThat(l)
          .contains(CRN).contains("must reach IBM by 2026-02-02T00:00:00Z")
          .contains("3 attempt(s)"));
    }
  }

  @Test
  void aRecordFailingWellBeforeItsDeadlineOrNotYetFailedIsNotWarnedOf() {
    TestClock clock = new TestClock(Instant.parse("2026-01-31T23:59:00Z"));
    SubmissionDeadlines deadlines = new SubmissionDeadlines(clock);
    try (StderrCapture log = new StderrCapture()) {
      // a day and a minute before the deadline: IBM has time to come back
      deadlines.check(List.of(claimed("2026-01-31T10:00:00Z", 3)), NONE_LEFT, clock.instant());
      // near the deadline, but claimed for the first time: nothing failed yet
      clock.set(Instant.parse("2026-02-01T06:00:00Z"));
      deadlines.check(List.of(claimed("2026-01-31T23:00:00Z", 0)), NONE_LEFT, clock.instant());
      // near the deadline, failed, but its window ended minutes ago: not stuck (yet)
      deadlines.check(List.of(claimed("2026-01-31T23:00:00Z", 1)), NONE_LEFT,
          clock.instant().minus(Duration.ofHours(5).plusMinutes(50)));
      // this month's usage
      deadlines.check(List.of(claimed("2026-02-01T04:00:00Z", 5)), NONE_LEFT, clock.instant());

      assertThat(warnings(log)).isEmpty();
    }
  }

  @Test
  void aStuckOutboxIsWarnedOfAtMostOnceAnHour() {
    TestClock clock = new TestClock(Instant.parse("2026-02-01T06:00:00Z"));
    SubmissionDeadlines deadlines = new SubmissionDeadlines(clock);
    List<ClaimedUsage> stuck = List.of(claimed("2026-01-31T10:00:00Z", 3),
        claimed("2026-01-31T11:00:00Z", 3));
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 6; i++) { // a claim every 10 minutes
        deadlines.check(stuck, NONE_LEFT, clock.instant());
        clock.advance(Duration.ofMinutes(10));
      }
      assertThat(warnings(log)).as("WARN lines in the first hour").hasSize(1)
          .allMatch(l -> l.contains("2 record(s)"));

      deadlines.check(stuck, NONE_LEFT, clock.instant()); // an hour after the first line
      assertThat(warnings(log)).as("WARN lines after an hour").hasSize(2)
          .last().satisfies(l -> assertThat(l).contains("5 similar suppressed"));
    }
  }

  @Test
  void aRecordOfLastMonthLeftToAnotherSenderIsWarnedOfThoughItWasNeverSent() {
    TestClock clock = new TestClock(Instant.parse("2026-02-01T06:00:00Z"));
    SubmissionDeadlines deadlines = new SubmissionDeadlines(clock);
    try (StderrCapture log = new StderrCapture()) {
      // leaving a record counts no attempt: its plan is not the sender's
      deadlines.check(List.of(claimed("2026-01-31T10:00:00Z", 0)), c -> true, clock.instant());

      assertThat(warnings(log)).singleElement().satisfies(l -> assertThat(l)
          .contains(CRN).contains("must reach IBM by 2026-02-02T00:00:00Z")
          .contains("left for a sender that meters their plan"));
    }
  }

  @Test
  void aRecordPastItsDeadlineIsWarnedOfAsDue() {
    TestClock clock = new TestClock(Instant.parse("2026-02-03T00:00:00Z"));
    SubmissionDeadlines deadlines = new SubmissionDeadlines(clock);
    try (StderrCapture log = new StderrCapture()) {
      deadlines.check(List.of(claimed("2026-01-31T10:00:00Z", 9)), NONE_LEFT, clock.instant());

      assertThat(warnings(log)).singleElement()
          .satisfies(l -> assertThat(l).contains("was due at IBM by 2026-02-02T00:00:00Z"));
    }
  }
}

package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UsageOutbox} must do with records a sender left to the others
 * ({@link UsageOutbox#leave}: it does not meter their plan), from broker-metering's test-jar
 * like {@link UsageOutboxContract}: an implementation's test extends it and returns a fresh,
 * empty outbox from {@link #newOutbox()}.
 */
public abstract class LeftRecordContract {
  private static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant LATER = T0.plus(Duration.ofDays(1));
  private static final Duration LEASE = Duration.ofMinutes(5);

  /** The outbox under test. */
  protected UsageOutbox outbox;

  /**
   * Returns a fresh, empty outbox.
   *
   * @return the outbox
   */
  protected abstract UsageOutbox newOutbox();

  @BeforeEach
  void createOutbox() {
    outbox = newOutbox();
  }

  private static UsageRecord record(String plan) {
    return UsageRecord.builder(CRN, plan).window(T0, T0.plus(Duration.ofHours(1)))
        .measure("API_CALL", 3).build();
  }

  @Test
  void aRecordLeftToOthersIsDueForAnotherSenderAtItsTimeButNotForTheOneThatLeftIt() {
    // before: only holdBack existed, due at one time for every sender: the longest backoff, each
    // time a sender that does not meter the plan claimed it
    UsageRecord r = record("metered-elsewhere");
    assertThat(outbox.append(List.of(r))).isOne();
    assertThat(outbox.claim("old-replica", 10, LATER, LEASE)).hasSize(1);
    assertThat(outbox.leave("old-replica", List.of(r.key()), LATER,
        LATER.plus(Duration.ofMinutes(5)))).isOne();
    assertThat(outbox.claim("old-replica", 10, LATER, LEASE)).isEmpty();
    assertThat(outbox.claim("new-replica", 10, LATER, LEASE)).singleElement().satisfies(c -> {
      assertThat(c.key()).isEqualTo(r.key());
      assertThat(c.attempts()).isZero(); // unsent: it still takes its window's late counts
    });
  }

  @Test
  void aSenderLeavesOnlyRecordsLeasedToIt() {
    UsageRecord r = record("metered-elsewhere");
    outbox.append(List.of(r));
    assertThat(outbox.claim("new-replica", 10, LATER, LEASE)).hasSize(1);
    assertThat(outbox.leave("old-replica", List.of(r.key()), LATER,
        LATER.plus(Duration.ofMinutes(5)))).isZero();
    assertThat(outbox.claim("old-replica", 10, LATER, LEASE)).isEmpty();
  }

  @Test
  void aRecordLeftByOneSenderAndThenAnotherIsHeldForEverySender() {
    // before: the second leave forgot the first, so the record was due for "a" again at the
    // others' time and bounced between the two every second; now neither meters it, so it is
    // held until the second one's own time for every sender, as a hold-back does
    UsageRecord r = record("metered-nowhere");
    outbox.append(List.of(r));
    outbox.claim("a", 10, LATER, LEASE);
    outbox.leave("a", List.of(r.key()), LATER, LATER.plus(Duration.ofMinutes(5)));
    assertThat(outbox.claim("b", 10, LATER, LEASE)).hasSize(1);
    assertThat(outbox.leave("b", List.of(r.key()), LATER,
        LATER.plus(Duration.ofMinutes(5)))).isOne();
    assertThat(outbox.claim("b", 10, LATER, LEASE)).isEmpty();
    assertThat(outbox.claim("a", 10, LATER, LEASE)).isEmpty();
    assertThat(outbox.claim("c", 10, LATER, LEASE)).isEmpty();
  }

  @Test
  void aRecordLeftAgainOnceTheFirstSendersWaitEndedIsLeftToTheOthers() {
    UsageRecord r = record("metered-elsewhere");
    outbox.append(List.of(r));
    outbox.claim("a", 10, LATER, LEASE);
    // "a" waits no longer than the others: its wait has ended when "b" leaves the record
    outbox.leave("a", List.of(r.key()), LATER, LATER);
    assertThat(outbox.claim("b", 10, LATER, LEASE)).hasSize(1);
    outbox.leave("b", List.of(r.key()), LATER, LATER.plus(Duration.ofMinutes(5)));
    assertThat(outbox.claim("b", 10, LATER, LEASE)).isEmpty();
    assertThat(outbox.claim("a", 10, LATER, LEASE)).singleElement()
        .satisfies(c -> assertThat(c.attempts()).isZero());
  }

  @Test
  void aRecordAnotherSenderReleasedIsDueAgainForTheSenderThatLeftIt() {
    // a sender that tried to send it meters its plan: the record is no longer "left"
    UsageRecord r = record("metered-elsewhere");
    outbox.append(List.of(r));
    outbox.claim("a", 10, LATER, LEASE);
    outbox.leave("a", List.of(r.key()), LATER, LATER.plus(Duration.ofMinutes(5)));
    assertThat(outbox.claim("b", 10, LATER, LEASE)).hasSize(1);
    assertThat(outbox.release("b", List.of(r.key()), LATER)).isOne();
    assertThat(outbox.claim("a", 10, LATER, LEASE)).singleElement()
        .satisfies(c -> assertThat(c.attempts()).isOne());
  }

  @Test
  void aRecordAnotherSenderHeldBackIsDueAgainForTheSenderThatLeftIt() {
    UsageRecord r = record("metered-elsewhere");
    outbox.append(List.of(r));
    outbox.claim("a", 10, LATER, LEASE);
    outbox.leave("a", List.of(r.key()), LATER, LATER.plus(Duration.ofMinutes(5)));
    assertThat(outbox.claim("b", 10, LATER, LEASE)).hasSize(1);
    assertThat(outbox.holdBack("b", List.of(r.key()), LATER)).isOne();
    assertThat(outbox.claim("a", 10, LATER, LEASE)).singleElement()
        .satisfies(c -> assertThat(c.attempts()).isZero());
  }

  @Test
  void aRecordLeftAgainAfterAnotherSenderReleasedItIsLeftToTheOthers() {
    // "c" released it, which ended "a"'s leave: a later leave by "b" is a first one again, not
    // a hold for every sender (which would keep it from "c", which meters the plan)
    UsageRecord r = record("metered-elsewhere");
    outbox.append(List.of(r));
    outbox.claim("a", 10, LATER, LEASE);
    outbox.leave("a", List.of(r.key()), LATER, LATER.plus(Duration.ofMinutes(5)));
    outbox.claim("c", 10, LATER, LEASE);
    outbox.release("c", List.of(r.key()), LATER);
    assertThat(outbox.claim("b", 10, LATER, LEASE)).hasSize(1);
    outbox.leave("b", List.of(r.key()), LATER, LATER.plus(Duration.ofMinutes(5)));
    assertThat(outbox.claim("c", 10, LATER, LEASE)).hasSize(1);
  }

  @Test
  void aRecordEverySenderLeftIsNotDueForTheFirstAgainBeforeItsOwnWaitEnds() {
    // review: two senders that both do not meter the plan (one no replica meters any more) each
    // leave the record; the second leave forgets the first, so the record bounces between them
    // at the first backoff (0.5 to 1 s), a claim, a put-back and an INFO line each time, instead
    // of once per longest backoff (2.5 to 5 min) per sender
    UsageRecord r = record("metered-nowhere");
    outbox.append(List.of(r));
    // the others' time is "now" here (as in the tests above: on a durable outbox the times are
    // shifted to the database's clock), the leaver's own one five minutes on
    Instant ownFrom = LATER.plus(Duration.ofMinutes(5));
    assertThat(outbox.claim("a", 10, LATER, LEASE)).hasSize(1);
    outbox.leave("a", List.of(r.key()), LATER, ownFrom);
    assertThat(outbox.claim("b", 10, LATER, LEASE)).hasSize(1);
    outbox.leave("b", List.of(r.key()), LATER, ownFrom);
    // neither meters the plan: "a" left it until ownFrom and must not take it back before
    assertThat(outbox.claim("a", 10, LATER, LEASE)).isEmpty();
    assertThat(outbox.claim("b", 10, LATER, LEASE)).isEmpty();
  }
}

package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

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
  /** When a leaver's own wait ends in most tests (the others' time is {@link #LATER}). */
  private static final Instant OWN_WAIT_END = LATER.plus(Duration.ofMinutes(5));

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

  /**
   * Appends a record of {@code plan}, which sender "a" claims and leaves to the others (due for
   * itself again at {@code aWaitsUntil}), and which sender "b" then claims.
   *
   * @return the record
   */
  private UsageRecord leftByAThenClaimedByB(String plan, Instant aWaitsUntil) {
    UsageRecord r = record(plan);
    assertThat(outbox.append(List.of(r))).isOne();
    assertThat(claim("a")).hasSize(1);
    assertThat(leave("a", r, aWaitsUntil)).isOne();
    assertThat(claim("b")).hasSize(1);
    return r;
  }

  /** What {@code sender} claims at {@link #LATER}. */
  private List<ClaimedUsage> claim(String sender) {
    return outbox.claim(sender, 10, LATER, LEASE);
  }

  /** {@code sender} leaves {@code r} to the others at {@link #LATER}, itself until {@code own}. */
  private int leave(String sender, UsageRecord r, Instant own) {
    return outbox.leave(sender, List.of(r.key()), LATER, own);
  }

  @Test
  void aRecordLeftToOthersIsDueForAnotherSenderAtItsTimeButNotForTheOneThatLeftIt() {
    // before: only holdBack existed, due at one time for every sender: the longest backoff, each
    // time a sender that does not meter the plan claimed it
    UsageRecord r = record("metered-elsewhere");
    assertThat(outbox.append(List.of(r))).isOne();
    assertThat(claim("old-replica")).hasSize(1);
    assertThat(leave("old-replica", r, OWN_WAIT_END)).isOne();
    assertThat(claim("old-replica")).isEmpty();
    assertThat(claim("new-replica")).singleElement().satisfies(c -> {
      assertThat(c.key()).isEqualTo(r.key());
      assertThat(c.attempts()).isZero(); // unsent: it still takes its window's late counts
    });
  }

  @Test
  void aSenderLeavesOnlyRecordsLeasedToIt() {
    UsageRecord r = record("metered-elsewhere");
    outbox.append(List.of(r));
    assertThat(claim("new-replica")).hasSize(1);
    assertThat(leave("old-replica", r, OWN_WAIT_END)).isZero();
    assertThat(claim("old-replica")).isEmpty();
  }

  @Test
  void aRecordLeftByOneSenderAndThenAnotherIsHeldForEverySender() {
    // before: the second leave forgot the first, so the record was due for "a" again at the
    // others' time and bounced between the two every second; now neither meters it, so it is
    // held until the second one's own time for every sender, as a hold-back does
    UsageRecord r = leftByAThenClaimedByB("metered-nowhere", OWN_WAIT_END);
    assertThat(leave("b", r, OWN_WAIT_END)).isOne();
    assertThat(claim("b")).isEmpty();
    assertThat(claim("a")).isEmpty();
    assertThat(claim("c")).isEmpty();
  }

  @Test
  void aRecordLeftAgainOnceTheFirstSendersWaitEndedIsLeftToTheOthers() {
    // "a" waits no longer than the others: its wait has ended when "b" leaves the record
    UsageRecord r = leftByAThenClaimedByB("metered-elsewhere", LATER);
    leave("b", r, OWN_WAIT_END);
    assertThat(claim("b")).isEmpty();
    assertThat(claim("a")).singleElement().satisfies(c -> assertThat(c.attempts()).isZero());
  }

  @Test
  void aRecordAnotherSenderReleasedIsDueAgainForTheSenderThatLeftIt() {
    // a sender that tried to send it meters its plan: the record is no longer "left"
    UsageRecord r = leftByAThenClaimedByB("metered-elsewhere", OWN_WAIT_END);
    assertThat(outbox.release("b", List.of(r.key()), LATER)).isOne();
    assertThat(claim("a")).singleElement().satisfies(c -> assertThat(c.attempts()).isOne());
  }

  @Test
  void aRecordAnotherSenderHeldBackIsDueAgainForTheSenderThatLeftIt() {
    UsageRecord r = leftByAThenClaimedByB("metered-elsewhere", OWN_WAIT_END);
    assertThat(outbox.holdBack("b", List.of(r.key()), LATER)).isOne();
    assertThat(claim("a")).singleElement().satisfies(c -> assertThat(c.attempts()).isZero());
  }

  @Test
  void aRecordLeftAgainAfterAnotherSenderReleasedItIsLeftToTheOthers() {
    // "c" released it, which ended "a"'s leave: a later leave by "b" is a first one again, not
    // a hold for every sender (which would keep it from "c", which meters the plan)
    UsageRecord r = record("metered-elsewhere");
    outbox.append(List.of(r));
    claim("a");
    leave("a", r, OWN_WAIT_END);
    claim("c");
    outbox.release("c", List.of(r.key()), LATER);
    assertThat(claim("b")).hasSize(1);
    leave("b", r, OWN_WAIT_END);
    assertThat(claim("c")).hasSize(1);
  }

  @Test
  void aRecordEverySenderLeftIsNotDueForTheFirstAgainBeforeItsOwnWaitEnds() {
    // review: two senders that both do not meter the plan (one no replica meters any more) each
    // leave the record; the second leave forgets the first, so the record bounces between them
    // at the first backoff (0.5 to 1 s), a claim, a put-back and an INFO line each time, instead
    // of once per longest backoff (2.5 to 5 min) per sender
    // the others' time is "now" here (as in the tests above: on a durable outbox the times are
    // shifted to the database's clock), the leaver's own one five minutes on
    UsageRecord r = leftByAThenClaimedByB("metered-nowhere", OWN_WAIT_END);
    leave("b", r, OWN_WAIT_END);
    // neither meters the plan: "a" left it until its own wait's end and must not take it back
    // before
    assertThat(claim("a")).isEmpty();
    assertThat(claim("b")).isEmpty();
  }

  @Test
  void leavingTellsWhenEachRecordIsDueForTheOtherSenders() {
    // the sender tells its listener this time: before, it always told the others' time, also
    // for a record held for every sender until its own one
    UsageRecord r = record("metered-nowhere");
    outbox.append(List.of(r));
    Instant aOwn = LATER.plus(Duration.ofMinutes(5));
    Instant bOwn = LATER.plus(Duration.ofMinutes(6));
    outbox.claim("a", 10, LATER, LEASE);
    assertThat(outbox.leaveToOthers("a", List.of(r.key()), LATER, aOwn))
        .containsExactly(entry(r.key(), LATER));
    assertThat(outbox.claim("b", 10, LATER, LEASE)).hasSize(1);
    assertThat(outbox.leaveToOthers("b", List.of(r.key()), LATER, bOwn))
        .containsExactly(entry(r.key(), bOwn));
    // no longer leased to "b": left out
    assertThat(outbox.leaveToOthers("b", List.of(r.key()), LATER, bOwn)).isEmpty();
  }
}

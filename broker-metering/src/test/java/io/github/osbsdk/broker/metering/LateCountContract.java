package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UsageOutbox} must do with a window's record whose key is already taken
 * (see {@link UsageOutbox#closeWindows}: late keys) and with the keys it remembers (from
 * broker-metering's test-jar, like {@link UsageOutboxContract}): an implementation's test
 * extends it and returns a fresh, empty outbox from {@link #newOutbox()}.
 */
public abstract class LateCountContract {
  /** An instance CRN naming region us-south. */
  protected static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  /** A time well in the past, start of an hour. */
  protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final Instant LATER = T0.plus(Duration.ofDays(1));

  /** The outbox under test. */
  protected UsageOutbox outbox;

  /**
   * Returns a fresh, empty outbox, with the default instance-end retention (3 days).
   *
   * @return the outbox
   */
  protected abstract UsageOutbox newOutbox();

  /**
   * Prunes the remembered instance ends and delivered keys as the outbox does at most hourly,
   * as of {@code now} (or of its own clock, when it has one, which is later than T0 plus 3
   * days). The default skips the test.
   *
   * @param now the time of the prune
   */
  protected void pruneAt(Instant now) {
    Assumptions.abort("this outbox cannot be told to prune");
  }

  /**
   * Returns how many delivered keys the outbox remembers. The default skips the test.
   *
   * @return the number of keys
   */
  protected long deliveredKeys() {
    Assumptions.abort("this outbox does not tell its delivered keys");
    return 0;
  }

  @BeforeEach
  void createOutbox() {
    outbox = newOutbox();
  }

  /**
   * The record the meter makes of the first hour's window: from T0, without consumer id.
   *
   * @param calls the quantity of {@code API_CALL}
   * @param consumer the consumer id, or null
   * @return the record
   */
  protected static UsageRecord firstHour(double calls, String consumer) {
    return UsageRecord.builder(CRN, "metered").window(T0, T0.plus(Duration.ofHours(1)))
        .measure("API_CALL", calls).consumerId(consumer).build();
  }

  /** Counts {@code calls} in the first hour's window, whose first count was at T0. */
  private void countFirstHour(double calls) {
    assertThat(outbox.mergeOpenCounts(List.of(new MeterCount(CRN, "metered", "API_CALL",
        Aggregation.SUM, T0, T0.plus(Duration.ofHours(1)), calls, T0)))).isEmpty();
  }

  private int closeFirstHour() {
    return outbox.closeWindows(T0.plus(Duration.ofHours(1)),
        InstanceEndContract.asTheMeterDoes());
  }

  private void deliver(UsageRecord r) {
    assertThat(outbox.append(List.of(r))).isOne();
    List<ClaimedUsage> claimed = outbox.claim("sender", 10, LATER, LEASE);
    assertThat(claimed).extracting(ClaimedUsage::key).containsExactly(r.key());
    assertThat(outbox.markDelivered("sender", List.of(r.key()))).isOne();
  }

  @Test
  void aWindowsRecordWhoseKeyWasDeliveredIsStoredUnderTheFirstLateKey() {
    // before: stored under the delivered key, answered 409 by IBM: the 4 calls never billed
    deliver(firstHour(3, null));
    countFirstHour(4);
    assertThat(closeFirstHour()).isOne();
    assertThat(outbox.claim("sender", 10, LATER, LEASE)).singleElement().satisfies(c -> {
      assertThat(c.record().consumerId()).isEqualTo("late-1");
      assertThat(c.key()).isEqualTo(firstHour(4, "late-1").key());
      assertThat(c.record().quantity("API_CALL")).isEqualTo(4.0);
      assertThat(c.record().start()).isEqualTo(T0);
    });
  }

  @Test
  void aLateKeyThatWasDeliveredTooMakesTheNextOne() {
    deliver(firstHour(3, "replica-a"));
    deliver(firstHour(1, "replica-a-late-1"));
    assertThat(outbox.mergeOpenCounts(List.of(new MeterCount(CRN, "metered", "API_CALL",
        Aggregation.SUM, T0, T0.plus(Duration.ofHours(1)), 4, T0)))).isEmpty();
    assertThat(outbox.closeWindows(T0.plus(Duration.ofHours(1)), counts ->
        UsageRecord.builder(CRN, "metered").window(T0, T0.plus(Duration.ofHours(1)))
            .measure("API_CALL", counts.get(0).value()).consumerId("replica-a").build()))
        .isOne();
    assertThat(outbox.claim("sender", 10, LATER, LEASE)).singleElement().satisfies(c ->
        assertThat(c.record().consumerId()).isEqualTo("replica-a-late-2"));
  }

  @Test
  void aWindowsRecordWhoseKeyIsBeingSentGetsALateKeyAndLeavesTheSentOneAsItIs() {
    outbox.append(List.of(firstHour(3, null)));
    outbox.claim("sender", 10, LATER, LEASE); // IBM may have it now
    countFirstHour(4);
    assertThat(closeFirstHour()).isOne();
    assertThat(outbox.markDelivered("sender", List.of(firstHour(3, null).key()))).isOne();
    assertThat(outbox.claim("other", 10, LATER, LEASE)).singleElement().satisfies(c -> {
      assertThat(c.record().consumerId()).isEqualTo("late-1");
      assertThat(c.record().quantity("API_CALL")).isEqualTo(4.0);
    });
  }

  @Test
  void aWindowsRecordWhoseKeyWasRejectedGetsALateKey() {
    outbox.append(List.of(firstHour(3, null)));
    outbox.claim("sender", 10, LATER, LEASE);
    assertThat(outbox.markRejected("sender", new RejectedUsage(firstHour(3, null).key(),
        firstHour(3, null), 424, "metadata", "instance metadata missing", LATER))).isTrue();
    countFirstHour(4);
    assertThat(closeFirstHour()).isOne();
    assertThat(outbox.claim("sender", 10, LATER, LEASE)).singleElement().satisfies(c ->
        assertThat(c.record().consumerId()).isEqualTo("late-1"));
    assertThat(outbox.rejected(10)).singleElement().satisfies(r ->
        assertThat(r.record().quantity("API_CALL")).isEqualTo(3.0));
  }

  @Test
  void aWindowsRecordWhoseKeyWasNeverClaimedIsAddedIntoItUnderItsKey() {
    outbox.append(List.of(firstHour(3, null)));
    countFirstHour(4);
    assertThat(closeFirstHour()).isZero();
    assertThat(outbox.claim("sender", 10, LATER, LEASE)).singleElement().satisfies(c -> {
      assertThat(c.key()).isEqualTo(firstHour(3, null).key());
      assertThat(c.record().quantity("API_CALL")).isEqualTo(7.0);
    });
  }

  @Test
  void aWindowsRecordOnlyHeldBackUntilItsEndIsAddedIntoUnderItsKey() {
    // a sender holds back, unsent, a record ending after its clock: IBM has not seen it
    outbox.append(List.of(firstHour(3, null)));
    outbox.claim("sender", 10, LATER, LEASE);
    assertThat(outbox.holdBack("sender", List.of(firstHour(3, null).key()), LATER)).isOne();
    countFirstHour(4);
    assertThat(closeFirstHour()).isZero();
    assertThat(outbox.claim("sender", 10, LATER, LEASE)).singleElement().satisfies(c -> {
      assertThat(c.key()).isEqualTo(firstHour(3, null).key());
      assertThat(c.record().quantity("API_CALL")).isEqualTo(7.0);
      assertThat(c.attempts()).isZero();
    });
  }

  @Test
  void aRecordTakenOverFromASenderThatStoppedMidSendTakesNoMoreCountsUnderItsKey()
      throws InterruptedException {
    // the stopped sender may have sent it: IBM may hold the key, and would answer a resend 409
    outbox.append(List.of(firstHour(3, null)));
    outbox.claim("stopped", 10, LATER, Duration.ofMillis(200));
    Thread.sleep(400); // its lease ends (on the database server's clock for a shared outbox)
    Instant after = LATER.plusSeconds(1);
    assertThat(outbox.claim("other", 10, after, LEASE)).hasSize(1);
    // e.g. a reporter that does not meter the plan puts it back (no attempt of its own)
    assertThat(outbox.holdBack("other", List.of(firstHour(3, null).key()), after)).isOne();
    countFirstHour(4);
    assertThat(closeFirstHour()).isOne();
    assertThat(outbox.claim("sender", 10, after, LEASE))
        .extracting(c -> c.record().consumerId(), c -> c.record().quantity("API_CALL"))
        .containsExactlyInAnyOrder(tuple(null, 3.0), tuple("late-1", 4.0));
  }

  @Test
  void aLateRecordKeepsItsKeyWhenItIsSentAgain() {
    deliver(firstHour(3, null));
    countFirstHour(4);
    closeFirstHour();
    String key = outbox.claim("sender", 10, LATER, LEASE).get(0).key();
    outbox.release("sender", List.of(key), LATER);
    assertThat(outbox.claim("sender", 10, LATER, LEASE)).extracting(ClaimedUsage::key)
        .containsExactly(key);
  }

  @Test
  void aDeliveredKeyIsForgottenOnceItsRecordEndedMoreThanTheRetentionAgo() {
    deliver(firstHour(3, null));
    assertThat(deliveredKeys()).isOne();
    pruneAt(T0.plus(Duration.ofDays(3)).plus(Duration.ofHours(2)));
    assertThat(deliveredKeys()).isZero();
  }

  @Test
  void aDeliveredKeyStaysWhileItsInstanceHasAnOpenCountOfAWindowStartingBeforeItsEnd() {
    deliver(firstHour(3, null));
    // a window of another length, still open long after the retention
    outbox.mergeOpenCounts(List.of(new MeterCount(CRN, "metered", "API_CALL", Aggregation.SUM,
        T0, T0.plus(Duration.ofDays(3650)), 1)));
    pruneAt(T0.plus(Duration.ofDays(5)));
    assertThat(deliveredKeys()).isOne();
  }
}

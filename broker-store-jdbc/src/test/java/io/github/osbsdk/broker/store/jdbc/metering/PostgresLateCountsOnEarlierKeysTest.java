package io.github.osbsdk.broker.store.jdbc.metering;

import static io.github.osbsdk.broker.store.jdbc.metering.EarlierKeyRecord.CRN;
import static io.github.osbsdk.broker.store.jdbc.metering.EarlierKeyRecord.EARLIER_KEY;
import static io.github.osbsdk.broker.store.jdbc.metering.EarlierKeyRecord.LATER;
import static io.github.osbsdk.broker.store.jdbc.metering.EarlierKeyRecord.T0;
import static io.github.osbsdk.broker.store.jdbc.metering.EarlierKeyRecord.T1;
import static io.github.osbsdk.broker.store.jdbc.metering.EarlierKeyRecord.storedUnderTheEarlierKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.Aggregation;
import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Late counts of a window whose record an upgraded database holds under the key earlier
 * versions gave it (the region its CRN names kept in the key): the close must find that record
 * as it finds one under the current key, merging into it while IBM has not seen it and taking a
 * late key once IBM may have it.
 */
class PostgresLateCountsOnEarlierKeysTest {
  private UsageOutbox outbox;

  @BeforeEach
  void createOutbox() {
    TestDatabase.truncateUsage();
    outbox = PostgresUsageOutbox.create(TestDatabase.replicaA());
  }

  private static Function<List<MeterCount>, UsageRecord> asTheMeterDoes() {
    return counts -> UsageRecord.builder(CRN, "metered").window(T0, T1)
        .measure("API_CALL", counts.stream().mapToDouble(MeterCount::value).sum()).build();
  }

  private void countAndClose(double calls) {
    assertThat(outbox.mergeOpenCounts(List.of(new MeterCount(CRN, "metered", "API_CALL",
        Aggregation.SUM, T0, T1, calls, T0)))).isEmpty();
    outbox.closeWindows(T1, asTheMeterDoes());
  }

  @Test
  void lateCountsOfAWindowDeliveredUnderTheEarlierKeyAreStoredUnderALateKey() {
    // before: the close looked for the current key only and queued the window's record under
    // it, the same instance, plan, region, start and end IBM took: 409, the 4 calls never billed
    storedUnderTheEarlierKey(3);
    assertThat(outbox.claim("sender", 10, LATER, Duration.ofMinutes(5)))
        .extracting(ClaimedUsage::key).containsExactly(EARLIER_KEY);
    assertThat(outbox.markDelivered("sender", List.of(EARLIER_KEY))).isOne();
    countAndClose(4);
    assertThat(outbox.claim("sender", 10, LATER, Duration.ofMinutes(5))).singleElement()
        .satisfies(c -> {
          assertThat(c.record().consumerId()).isEqualTo("late-1");
          assertThat(c.record().quantity("API_CALL")).isEqualTo(4.0);
        });
  }

  @Test
  void lateCountsOfAWindowBeingSentUnderTheEarlierKeyAreStoredUnderALateKey() {
    storedUnderTheEarlierKey(3);
    outbox.claim("sender", 10, LATER, Duration.ofMinutes(5)); // IBM may have it now
    countAndClose(4);
    assertThat(outbox.markDelivered("sender", List.of(EARLIER_KEY))).isOne();
    assertThat(outbox.claim("other", 10, LATER, Duration.ofMinutes(5))).singleElement()
        .satisfies(c -> {
          assertThat(c.record().consumerId()).isEqualTo("late-1");
          assertThat(c.record().quantity("API_CALL")).isEqualTo(4.0);
        });
  }

  @Test
  void lateCountsOfAWindowWaitingUnclaimedUnderTheEarlierKeyAreAddedIntoItsRecord() {
    // before: a second record of the window was queued beside it, under the current key
    storedUnderTheEarlierKey(3);
    countAndClose(4);
    assertThat(outbox.claim("sender", 10, LATER, Duration.ofMinutes(5))).singleElement()
        .satisfies(c -> {
          assertThat(c.key()).isEqualTo(EARLIER_KEY);
          assertThat(c.record().quantity("API_CALL")).isEqualTo(7.0);
        });
  }
}

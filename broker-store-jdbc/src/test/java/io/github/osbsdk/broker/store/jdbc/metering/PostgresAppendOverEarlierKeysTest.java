package io.github.osbsdk.broker.store.jdbc.metering;

import static io.github.osbsdk.broker.store.jdbc.metering.EarlierKeyRecord.CRN;
import static io.github.osbsdk.broker.store.jdbc.metering.EarlierKeyRecord.EARLIER_KEY;
import static io.github.osbsdk.broker.store.jdbc.metering.EarlierKeyRecord.LATER;
import static io.github.osbsdk.broker.store.jdbc.metering.EarlierKeyRecord.T0;
import static io.github.osbsdk.broker.store.jdbc.metering.EarlierKeyRecord.T1;
import static io.github.osbsdk.broker.store.jdbc.metering.EarlierKeyRecord.storedUnderTheEarlierKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Appending a window's record while an upgraded database still holds that window's record under
 * the key earlier versions gave it (the region its CRN names kept in the key): both keys are one
 * record, so the append stores nothing, as it does for a key already present.
 */
class PostgresAppendOverEarlierKeysTest {
  private UsageOutbox outbox;

  @BeforeEach
  void createOutbox() {
    TestDatabase.truncateUsage();
    outbox = PostgresUsageOutbox.create(TestDatabase.replicaA());
  }

  private static UsageRecord theWindowsRecord(double calls) {
    return UsageRecord.builder(CRN, "metered").window(T0, T1).measure("API_CALL", calls).build();
  }

  @Test
  void appendingAWindowWaitingUnderTheEarlierKeyStoresNoSecondRecord() {
    // before: ON CONFLICT (key) saw only the current key and queued a second record of the
    // window beside it; both were sent, IBM took the first to arrive and answered 409 to the
    // other, so the window was billed with whichever quantities came first
    storedUnderTheEarlierKey(3);
    assertThat(outbox.append(List.of(theWindowsRecord(3)))).isZero();
    assertThat(outbox.depth()).isOne();
    assertThat(outbox.claim("sender", 10, LATER, Duration.ofMinutes(5)))
        .extracting(ClaimedUsage::key).containsExactly(EARLIER_KEY);
  }

  @Test
  void appendingAWindowRejectedUnderTheEarlierKeyStoresNoSecondRecord() {
    storedUnderTheEarlierKey(3);
    ClaimedUsage sent = outbox.claim("sender", 10, LATER, Duration.ofMinutes(5)).get(0);
    assertThat(outbox.markRejected("sender", new RejectedUsage(EARLIER_KEY, sent.record(), 400,
        "bad", "refused", LATER))).isTrue();
    assertThat(outbox.append(List.of(theWindowsRecord(3)))).isZero();
    assertThat(outbox.depth()).isZero();
    assertThat(outbox.rejected(10)).extracting(RejectedUsage::key).containsExactly(EARLIER_KEY);
  }

  @Test
  void appendingARecordOfAnotherWindowIsStoredBesideTheEarlierKeysRecord() {
    storedUnderTheEarlierKey(3);
    UsageRecord next = UsageRecord.builder(CRN, "metered")
        .window(T1, T1.plus(Duration.ofHours(1))).measure("API_CALL", 2).build();
    assertThat(outbox.append(List.of(next, theWindowsRecord(3)))).isOne();
    assertThat(outbox.depth()).isEqualTo(2);
  }
}

package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The late-key contract on the in-memory outbox, plus its pruning of remembered instance ends
 * and delivered keys on the closes' clock.
 */
class InMemoryLateCountTest extends LateCountContract {
  private static final Duration LEASE = Duration.ofMinutes(5);

  @Override
  protected UsageOutbox newOutbox() {
    return new InMemoryUsageOutbox();
  }

  @Override
  protected void pruneAt(Instant now) {
    outbox.closeWindows(now, InstanceEndContract.asTheMeterDoes());
  }

  @Override
  protected long deliveredKeys() {
    return ((InMemoryUsageOutbox) outbox).deliveredKeys();
  }

  @Test
  void aDeliveredKeyIsKeptUntilItsRecordEndedMoreThanTheRetentionAgo() {
    outbox.append(List.of(firstHour(3, null)));
    outbox.claim("s", 1, T0.plus(Duration.ofDays(1)), LEASE);
    outbox.markDelivered("s", List.of(firstHour(3, null).key()));
    Instant end = T0.plus(Duration.ofHours(1));
    pruneAt(end.plus(Duration.ofDays(3)));
    assertThat(deliveredKeys()).isOne();
    pruneAt(end.plus(Duration.ofDays(3)).plus(Duration.ofHours(1)).plusMillis(1));
    assertThat(deliveredKeys()).isZero();
  }

  @Test
  void anInstanceEndIsForgottenOnceItEndedMoreThanTheRetentionAgoAndNothingOfItWaits() {
    // before: the in-memory outbox kept every instance's end for the life of the process
    Instant end = T0.plusSeconds(90);
    outbox.endInstance(CRN, end, InstanceEndContract.asTheMeterDoes());
    pruneAt(end.plus(Duration.ofDays(3)));
    assertThat(outbox.endedAt(CRN)).contains(end);
    pruneAt(end.plus(Duration.ofDays(3)).plus(Duration.ofHours(1)).plusMillis(1));
    assertThat(outbox.endedAt(CRN)).isEmpty();
  }

  @Test
  void anInstanceEndStaysWhileARecordOfItWaits() {
    Instant end = T0.plusSeconds(90);
    outbox.mergeOpenCounts(List.of(new MeterCount(CRN, "metered", "API_CALL",
        Aggregation.SUM, T0, T0.plus(Duration.ofHours(1)), 2)));
    outbox.endInstance(CRN, end, InstanceEndContract.asTheMeterDoes()
        .andThen(r -> UsageRecord.builder(CRN, "metered").window(T0, end)
            .measure("API_CALL", r.quantity("API_CALL")).build()));
    pruneAt(end.plus(Duration.ofDays(30)));
    assertThat(outbox.endedAt(CRN)).contains(end);
    assertThat(outbox.depth()).isOne();
  }

  @Test
  void anInstanceEndStaysWithALongerRetention() {
    outbox = new InMemoryUsageOutbox(Duration.ofDays(10));
    Instant end = T0.plusSeconds(90);
    outbox.endInstance(CRN, end, InstanceEndContract.asTheMeterDoes());
    pruneAt(end.plus(Duration.ofDays(5)));
    assertThat(outbox.endedAt(CRN)).contains(end);
  }

  @Test
  void aRetentionUnderAnHourIsRefused() {
    assertThatThrownBy(() -> new InMemoryUsageOutbox(Duration.ofMinutes(59)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("instanceEndRetention");
  }
}

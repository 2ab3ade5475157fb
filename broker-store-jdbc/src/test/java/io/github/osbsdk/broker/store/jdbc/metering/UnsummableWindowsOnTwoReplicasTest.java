package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.Aggregation;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one PostgreSQL outbox, each with its own outbox object: a window left open
 * for its sum (its counts added into the unsent record of its key would pass the largest
 * double) is counted by each replica's {@code unsummableWindows()} once that replica closed
 * windows, whichever replica's counts it holds: every close looks at every stored window that
 * ended, those left open included. So each replica's health reports the shared figure as of its
 * last close (a replica whose meter ticks closes every second), and one that closes nothing
 * reports 0: across replicas the figure to watch is the largest, not the sum.
 */
class UnsummableWindowsOnTwoReplicasTest {
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS)
      .minus(Duration.ofHours(3));
  private static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  private static final double HUGE = Double.MAX_VALUE / 2 * 1.5;
  private UsageOutbox a;
  private UsageOutbox b;

  @BeforeEach
  void start() {
    TestDatabase.truncateUsage();
    a = PostgresUsageOutbox.create(TestDatabase.replicaA());
    b = PostgresUsageOutbox.create(TestDatabase.replicaB());
  }

  private static MeterCount count(double value) {
    return new MeterCount(CRN, "metered", "API_CALL", Aggregation.SUM, T0,
        T0.plus(Duration.ofHours(1)), value);
  }

  private static Function<List<MeterCount>, UsageRecord> records() {
    return counts -> UsageRecord.builder(CRN, "metered").window(T0, T0.plus(Duration.ofHours(1)))
        .measure("API_CALL", counts.stream().mapToDouble(MeterCount::value).sum()).build();
  }

  private static int closeThrough(UsageOutbox outbox) {
    return outbox.closeWindows(T0.plus(Duration.ofHours(1)), records());
  }

  @Test
  void aWindowLeftOpenForItsSumIsCountedByEachReplicaThatClosesWindows() {
    a.append(List.of(records().apply(List.of(count(HUGE))))); // unsent, under the window's key
    a.mergeOpenCounts(List.of(count(HUGE))); // replica A's counts
    assertThat(closeThrough(a)).isZero();
    assertThat(a.unsummableWindows()).as("left open by A's close").isOne();
    assertThat(b.unsummableWindows()).as("B closed nothing yet").isZero();

    assertThat(closeThrough(b)).isZero();
    assertThat(b.unsummableWindows()).as("B's close looked at the window A left open").isOne();
    assertThat(a.unsummableWindows()).as("the same window, not two").isOne();

    a.claim("sender", 10, Instant.now(), Duration.ofMinutes(1)); // the unsent record is sent
    assertThat(closeThrough(b)).as("under a late key").isOne();
    assertThat(b.unsummableWindows()).isZero();
    assertThat(a.unsummableWindows()).as("A's last close still says so until A closes").isOne();
    closeThrough(a);
    assertThat(a.unsummableWindows()).isZero();
  }
}

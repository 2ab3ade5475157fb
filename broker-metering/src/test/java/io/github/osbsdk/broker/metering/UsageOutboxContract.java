package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UsageOutbox} must do with its records: append, claims and leases,
 * deliveries, rejections and releases. An implementation's test extends this class (from
 * broker-metering's test-jar) and returns a fresh, empty outbox from {@link #newOutbox()}, as
 * broker-store-jdbc's {@code PostgresUsageOutboxTest} does; the open windows are
 * {@link OpenWindowContract}'s, and {@link InstanceEndContract}, {@link LateCountContract},
 * {@link LeftRecordContract}, {@link UnknownEndContract} and {@link HeldCountContract} cover the
 * rest.
 */
public abstract class UsageOutboxContract {
  /** An instance CRN naming region us-south. */
  protected static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  /** A time well in the past, start of an hour. */
  protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(1);

  /** The outbox under test. */
  protected UsageOutbox outbox;

  /**
   * Returns a fresh, empty outbox.
   * @return the outbox
   */
  protected abstract UsageOutbox newOutbox();

  /**
   * Tells whether the outbox judges a record's end by a clock of its own that all replicas
   * share (see {@link UsageOutbox#claim}), so that it claims no record ending after that clock
   * (e.g. a record ending in the year 9999); the default is false.
   * @return true for an outbox with a shared clock
   */
  protected boolean claimsByASharedClock() {
    return false;
  }

  /**
   * Lets {@code d} pass for an outbox whose leases follow a clock of its own, which {@code now}
   * does not move (see {@link UsageOutbox#claim}), e.g. by moving its stored lease ends and next
   * attempts back; the default does nothing (leases judged by {@code now}).
   * @param d the time to let pass
   */
  protected void letTimePass(Duration d) {}

  @BeforeEach
  void createOutbox() {
    outbox = newOutbox();
  }

  @AfterEach
  void closeOutbox() throws Exception {
    if (outbox instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  /**
   * Builds a record of window {@code [T0 + hour h, T0 + hour h + 1)}.
   *
   * @param hour the window index
   * @param calls the quantity of API_CALL
   * @return the record
   */
  protected static UsageRecord record(int hour, double calls) {
    return UsageRecord.builder(CRN, "plan-1")
        .window(T0.plus(Duration.ofHours(hour)), T0.plus(Duration.ofHours(hour + 1L)))
        .measure("API_CALL", calls).build();
  }

  private static List<String> keys(List<ClaimedUsage> claimed) {
    return claimed.stream().map(ClaimedUsage::key).toList();
  }

  @Test
  void recordsOfTheWholeTimeRangeARecordAllowsAreStoredAndClaimedUnchanged() {
    UsageRecord widest = UsageRecord.builder(CRN, "plan-1")
        .window(UsageRecord.EARLIEST, UsageRecord.LATEST).measure("API_CALL", 1).build();
    UsageRecord epoch = UsageRecord.builder(CRN, "plan-1")
        .window(UsageRecord.EARLIEST, UsageRecord.EARLIEST).measure("API_CALL", 2).build();
    UsageRecord last = UsageRecord.builder(CRN, "plan-1")
        .window(UsageRecord.LATEST, UsageRecord.LATEST).measure("API_CALL", 3).build();
    assertThat(outbox.append(List.of(widest, epoch, last))).isEqualTo(3);
    List<UsageRecord> due = claimsByASharedClock() ? List.of(epoch) : List.of(widest, epoch, last);
    assertThat(outbox.claim("a", 10, T0, Duration.ofMinutes(1)))
        .extracting(ClaimedUsage::record).containsExactlyInAnyOrderElementsOf(due);
    assertThat(outbox.depth()).isEqualTo(3);
  }

  @Test
  void appendIsIdempotentPerKeyAndTheFirstRecordWins() {
    assertThat(outbox.append(List.of(record(0, 5), record(1, 6)))).isEqualTo(2);
    assertThat(outbox.append(List.of(record(0, 99)))).isZero();
    assertThat(outbox.depth()).isEqualTo(2);
    List<ClaimedUsage> claimed = outbox.claim("a", 10, T0, LEASE);
    assertThat(claimed).extracting(c -> c.record().quantity("API_CALL")).containsExactly(5.0, 6.0);
  }

  @Test
  void claimTakesOldestFirstUpToMaxWithAttemptsZero() {
    outbox.append(List.of(record(0, 1), record(1, 1), record(2, 1)));
    List<ClaimedUsage> claimed = outbox.claim("a", 2, T0, LEASE);
    assertThat(keys(claimed)).containsExactly(record(0, 1).key(), record(1, 1).key());
    assertThat(claimed).extracting(ClaimedUsage::attempts).containsOnly(0);
  }

  @Test
  void leasedRecordIsNotClaimedByAnotherOwnerUntilTheLeaseEnds() {
    outbox.append(List.of(record(0, 1)));
    assertThat(outbox.claim("a", 10, T0, LEASE)).hasSize(1);
    letTimePass(Duration.ofSeconds(59));
    assertThat(outbox.claim("b", 10, T0.plusSeconds(59), LEASE)).isEmpty();
    letTimePass(Duration.ofSeconds(1));
    assertThat(outbox.claim("b", 10, T0.plusSeconds(60), LEASE)).hasSize(1);
  }

  @Test
  void marksOfAnOwnerWhoseLeaseWasTakenOverAreIgnored() {
    outbox.append(List.of(record(0, 1)));
    String key = record(0, 1).key();
    outbox.claim("a", 10, T0, LEASE);
    letTimePass(Duration.ofSeconds(61));
    outbox.claim("b", 10, T0.plusSeconds(61), LEASE);
    assertThat(outbox.markDelivered("a", List.of(key))).isZero();
    assertThat(outbox.release("a", List.of(key), T0)).isZero();
    assertThat(outbox.markRejected("a", new RejectedUsage(key, record(0, 1), 400, "c", "m", T0)))
        .isFalse();
    assertThat(outbox.depth()).isEqualTo(1);
    assertThat(outbox.markDelivered("b", List.of(key))).isEqualTo(1);
    assertThat(outbox.depth()).isZero();
  }

  @Test
  void ownerWhoseLeaseExpiredUnclaimedCanStillMarkDelivered() {
    outbox.append(List.of(record(0, 1)));
    outbox.claim("a", 10, T0, LEASE);
    assertThat(outbox.markDelivered("a", List.of(record(0, 1).key()))).isEqualTo(1);
  }

  @Test
  void deliveredRecordLeavesAndItsKeyCanBeAppendedAgain() {
    outbox.append(List.of(record(0, 1)));
    outbox.claim("a", 10, T0, LEASE);
    outbox.markDelivered("a", List.of(record(0, 1).key()));
    assertThat(outbox.depth()).isZero();
    assertThat(outbox.claim("a", 10, T0.plusSeconds(3600), LEASE)).isEmpty();
    assertThat(outbox.append(List.of(record(0, 1)))).isEqualTo(1);
  }

  @Test
  void rejectedRecordIsKeptWithItsReasonNeverClaimedAndNotInDepth() {
    outbox.append(List.of(record(0, 1), record(1, 1)));
    outbox.claim("a", 10, T0, LEASE);
    RejectedUsage rejection = new RejectedUsage(record(0, 1).key(), record(0, 1), 424,
        "instance_metadata", "instance not found", T0);
    assertThat(outbox.markRejected("a", rejection)).isTrue();
    assertThat(outbox.rejected(10)).containsExactly(rejection);
    assertThat(List.of(outbox.depth(), outbox.rejectedCount())).containsExactly(1L, 1L);
    letTimePass(Duration.ofSeconds(3600));
    assertThat(keys(outbox.claim("b", 10, T0.plusSeconds(3600), LEASE)))
        .containsExactly(record(1, 1).key());
    assertThat(outbox.append(List.of(record(0, 1)))).isZero();
  }

  @Test
  void aRejectionKeepsTheRecordAsItWasStoredUnderItsKey() {
    // before: the rejection's copy of the record was kept instead, so a record naming its CRN's
    // region lost it (one key for both), and other quantities replaced those stored
    UsageRecord stored = UsageRecord.builder(CRN, "plan-1").region("us-south")
        .window(T0, T0.plus(Duration.ofHours(1))).measure("API_CALL", 5).build();
    UsageRecord copy = record(0, 7);
    assertThat(copy.key()).isEqualTo(stored.key());
    outbox.append(List.of(stored));
    String key = outbox.claim("a", 10, T0, LEASE).get(0).key();
    assertThat(outbox.markRejected("a", new RejectedUsage(key, copy, 404, "no_plan",
        "no metering definition", T0.plusSeconds(5)))).isTrue();
    assertThat(outbox.rejected(10)).containsExactly(new RejectedUsage(key, stored, 404,
        "no_plan", "no metering definition", T0.plusSeconds(5)));
    assertThat(outbox.discardRejected(key)).isTrue();
  }

  @Test
  void aLimitBelowOneForTheRejectedListIsRefused() {
    // before: 0 listed nothing, as if there were no rejection; a negative one failed each
    // outbox its own way (the stream's message, a database error)
    outbox.append(List.of(record(0, 1)));
    outbox.claim("a", 10, T0, LEASE);
    outbox.markRejected("a", new RejectedUsage(record(0, 1).key(), record(0, 1), 400, null,
        null, T0));
    for (int limit : new int[] {0, -1, Integer.MIN_VALUE}) {
      assertThatThrownBy(() -> outbox.rejected(limit)).as("limit %d", limit)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }
    assertThat(outbox.rejected(1)).hasSize(1);
  }

  @Test
  void discardedRejectionIsForgotten() {
    outbox.append(List.of(record(0, 1)));
    outbox.claim("a", 10, T0, LEASE);
    String key = record(0, 1).key();
    outbox.markRejected("a", new RejectedUsage(key, record(0, 1), 400, null, null, T0));
    assertThat(outbox.discardRejected(key)).isTrue();
    assertThat(outbox.discardRejected(key)).isFalse();
    assertThat(List.of(outbox.rejected(10).size(), (int) outbox.rejectedCount())).containsOnly(0);
  }

  @Test
  void releasedRecordWaitsForItsNextAttemptAndCountsTheAttempt() {
    outbox.append(List.of(record(0, 1)));
    outbox.claim("a", 10, T0, LEASE);
    assertThat(outbox.release("a", List.of(record(0, 1).key()), T0.plusSeconds(30)))
        .isEqualTo(1);
    letTimePass(Duration.ofSeconds(29));
    assertThat(outbox.claim("b", 10, T0.plusSeconds(29), LEASE)).isEmpty();
    letTimePass(Duration.ofSeconds(1));
    List<ClaimedUsage> again = outbox.claim("b", 10, T0.plusSeconds(30), LEASE);
    assertThat(again).extracting(ClaimedUsage::attempts).containsExactly(1);
    assertThat(outbox.depth()).isEqualTo(1);
  }

  @Test
  void concurrentClaimsNeverShareARecord() throws Exception {
    List<UsageRecord> records = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      records.add(record(i, 1));
    }
    outbox.append(records);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<List<String>>> owners = new ArrayList<>();
      for (int o = 0; o < 4; o++) {
        String owner = "owner-" + o;
        owners.add(() -> {
          List<String> mine = new ArrayList<>();
          List<ClaimedUsage> batch;
          while (!(batch = outbox.claim(owner, 7, T0, LEASE)).isEmpty()) {
            mine.addAll(keys(batch));
          }
          return mine;
        });
      }
      List<String> all = new ArrayList<>();
      for (Future<List<String>> f : pool.invokeAll(owners)) {
        all.addAll(f.get());
      }
      assertThat(all).hasSize(400);
      assertThat(new HashSet<>(all)).hasSize(400);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}

package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's copies of asynchronous operations in progress, on a real database: rows are
 * changed behind the store's back (without a notification) to tell a copy from a read, and
 * finished by another store (with one) to show that copies go when the operation finishes.
 */
class RunningOperationCacheTest {
  private static final String ME = "replica-a";
  private static final Duration LONG = Duration.ofSeconds(60);
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
  private PostgresBrokerStore store;
  private PostgresBrokerStore other;

  @BeforeEach
  void emptyDatabase() {
    TestDatabase.truncate();
  }

  @AfterEach
  void closeStores() {
    if (store != null) {
      store.close();
    }
    if (other != null) {
      other.close();
    }
  }

  private PostgresBrokerStore store(Duration ttl) {
    return PostgresBrokerStore.builder(TestDatabase.replicaA()).runningOperationCache(100, ttl)
        .build();
  }

  /** An asynchronous provision in progress, accepted with a lease of {@code lease}. */
  private StoredOperation asyncProvision(PostgresBrokerStore s, String id, Duration lease) {
    StoredOperation op = StoredOperation.start(UUID.randomUUID().toString(), id, null,
        OperationType.PROVISION, "fp", ME, now.plus(lease), "req", null, now);
    StoredInstance row = new StoredInstance(id, "svc", "plan", "fp", null, null, "org", "space",
        null, null, null, InstanceStatus.PROVISIONING, true, now, now, now);
    assertThat(s.claimInstance(row, op)).isInstanceOf(Claim.Won.class);
    StoredOperation accepted = op.accepted(null, null, null, null, now.plus(lease));
    assertThat(s.acceptOperation(accepted, ME)).isTrue();
    return accepted;
  }

  private static Finish succeeded(StoredOperation op, String id, Instant at) {
    StoredInstance ready = new StoredInstance(id, "svc", "plan", "fp", null, null, "org",
        "space", null, null, null, InstanceStatus.READY, true, at, at, at);
    return new Finish(op.id(), ME, op.attempt(), OperationStatus.SUCCEEDED, null, null, null, true,
        Finish.RowChange.put(ready), Finish.RowChange.none(), at);
  }

  /** Changes the row without the store and without a notification. */
  private static void describeBehindTheStoresBack(String operationId, String description) {
    try (Connection c = TestDatabase.replicaB().getConnection();
        PreparedStatement ps = c.prepareStatement(
            "UPDATE osb_operation SET description = ? WHERE id = ?")) {
      ps.setString(1, description);
      ps.setString(2, operationId);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private String description(String id, StoredOperation op) {
    return store.findOperation(id, null, op.id()).orElseThrow().description();
  }


  /** Polls until the store listens and has made its copy of the operation. */
  private void pollUntilCopied(String id, StoredOperation op) {
    Await.until(() -> {
      store.findOperation(id, null, op.id());
      return store.listening();
    }, "the store listens");
    store.findOperation(id, null, op.id()); // the first read while listening makes the copy
  }

  @Test
  void pollsOfAnAsyncOperationInProgressAreAnsweredFromTheCopyWhileListening() {
    store = store(LONG);
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = asyncProvision(store, id, LONG);
    pollUntilCopied(id, op);

    describeBehindTheStoresBack(op.id(), "changed without notice");

    assertThat(description(id, op)).isNull();
  }

  @Test
  void asyncOperationWithALargePayloadIsReadFromTheDatabaseNotCopied() {
    // an async update's payload carries the customer's parameters (up to a request body)
    store = store(LONG);
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = StoredOperation.start(UUID.randomUUID().toString(), id, null,
        OperationType.PROVISION, "fp", ME, now.plus(LONG), "req", null, now);
    StoredInstance row = new StoredInstance(id, "svc", "plan", "fp", null, null, "org", "space",
        null, null, null, InstanceStatus.PROVISIONING, true, now, now, now);
    assertThat(store.claimInstance(row, op)).isInstanceOf(Claim.Won.class);
    StoredOperation accepted = op.accepted(null, "{\"k\":\"" + "x".repeat(100_000) + "\"}",
        null, null, now.plus(LONG));
    assertThat(store.acceptOperation(accepted, ME)).isTrue();
    pollUntilCopied(id, accepted);

    describeBehindTheStoresBack(op.id(), "changed without notice");

    assertThat(description(id, accepted)).as("read from the database")
        .isEqualTo("changed without notice");
  }

  @Test
  void finishOnAnotherReplicaDropsTheCopyWithinMilliseconds() {
    store = store(LONG);
    other = PostgresBrokerStore.builder(TestDatabase.replicaB()).build();
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = asyncProvision(store, id, LONG);
    pollUntilCopied(id, op);

    assertThat(other.finishOperation(succeeded(op, id, now))).isTrue();

    long start = System.nanoTime();
    Await.until(() -> store.findOperation(id, null, op.id()).orElseThrow().status()
        == OperationStatus.SUCCEEDED, "the finish is seen");
    // seen through the other replica's notice, not once the copy's time to live ran out
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG.dividedBy(2));
  }

  @Test
  void finishOnThisReplicaIsSeenAtOnce() {
    store = store(LONG);
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = asyncProvision(store, id, LONG);
    pollUntilCopied(id, op);

    assertThat(store.finishOperation(succeeded(op, id, now))).isTrue();

    assertThat(store.findOperation(id, null, op.id()).orElseThrow().status())
        .isEqualTo(OperationStatus.SUCCEEDED);
  }

  /**
   * The copies age by a clock the test moves: a copy is seen used a nanosecond before its time
   * to live ends and not at its end. (The test slept 300 ms past a 200 ms time to live: a copy
   * that had expired before the first read, on a slow machine, let it pass without one used.)
   * The time to live is shorter than the 7 s within which copies need a heard probe, so only
   * their age decides here.
   */
  @Test
  void copyIsUsedForAtMostItsTimeToLive() {
    Duration ttl = Duration.ofMillis(200);
    AtomicLong nanoTime = new AtomicLong(System.nanoTime());
    store = PostgresBrokerStore.builder(TestDatabase.replicaA()).runningOperationCache(100, ttl)
        .runningOperationCacheClock(nanoTime::get).build();
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = asyncProvision(store, id, LONG);
    pollUntilCopied(id, op);
    describeBehindTheStoresBack(op.id(), "changed without notice");

    nanoTime.addAndGet(ttl.toNanos() - 1);
    assertThat(description(id, op)).as("the copy, a nanosecond before its end").isNull();

    nanoTime.incrementAndGet();
    assertThat(description(id, op)).isEqualTo("changed without notice");
    assertThat(store.listening()).as("still listening: its age ended the copy").isTrue();
  }

  @Test
  void copyIsNotUsedOnceTheLeaseExpired() {
    store = store(LONG);
    // before: a lease of 1.5 s from the test's start could end before the first poll made a
    // copy on a slow machine, and the test passed without a copy ever used. Now a poll must be
    // seen answered from the copy first; each try has a lease twice as long as the last.
    StoredOperation copied = null;
    String copiedId = null;
    for (Duration window = Duration.ofMillis(1500); copied == null;
        window = window.multipliedBy(2)) {
      assertThat(window).as("a lease long enough to see a copy used").isLessThan(LONG);
      String id = "inst-" + UUID.randomUUID();
      StoredOperation op = asyncProvision(store, id,
          Duration.between(now, Instant.now()).plus(window));
      pollUntilCopied(id, op);
      describeBehindTheStoresBack(op.id(), "changed without notice");
      if (description(id, op) == null) {
        copied = op;
        copiedId = id;
      }
    }
    StoredOperation op = copied;
    String id = copiedId;

    Await.until(() -> Instant.now().isAfter(op.leaseExpiry().plusMillis(100)), "the lease expires");

    assertThat(description(id, op)).isEqualTo("changed without notice");
  }

  /**
   * A copy's lease is judged on the database's clock as this replica last read it plus what its
   * monotonic clock counted since (as the SDK writes leases): here that clock counts 61 s after
   * the store read the database's clock, while the wall clock shows none of them (it stepped
   * back by as much). Before, the lease was judged by the wall clock plus the offset last
   * measured, and the copy of an operation whose 60 s lease had passed was still used (up to
   * its time to live), so a poll did not see the lease run out.
   */
  @Test
  void copyIsNotUsedPastItsLeaseAfterTheWallClockSteppedBack() {
    AtomicLong nanoTime = new AtomicLong(System.nanoTime());
    store = PostgresBrokerStore.builder(TestDatabase.replicaA())
        .runningOperationCache(100, Duration.ofMinutes(10))
        .runningOperationCacheClock(nanoTime::get).build();
    Duration sinceStart = Duration.between(now, store.sharedTime().orElseThrow());
    String lapsedId = "inst-" + UUID.randomUUID();
    StoredOperation lapsed = asyncProvision(store, lapsedId, sinceStart.plus(LONG));
    String keptId = "inst-" + UUID.randomUUID();
    StoredOperation kept = asyncProvision(store, keptId, sinceStart.plus(LONG.multipliedBy(5)));

    nanoTime.addAndGet(LONG.plusSeconds(1).toNanos());
    pollUntilCopied(keptId, kept);
    pollUntilCopied(lapsedId, lapsed);
    describeBehindTheStoresBack(kept.id(), "changed without notice");
    describeBehindTheStoresBack(lapsed.id(), "changed without notice");

    assertThat(description(keptId, kept)).as("the copy of an operation whose lease runs")
        .isNull();
    assertThat(description(lapsedId, lapsed)).as("the operation whose lease passed")
        .isEqualTo("changed without notice");
  }

  @Test
  void lostListenerConnectionMeansEveryPollReadsTheDatabase() throws SQLException {
    store = store(LONG);
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = asyncProvision(store, id, LONG);
    pollUntilCopied(id, op);

    try (Connection c = TestDatabase.replicaB().getConnection();
        Statement st = c.createStatement()) {
      st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
          + " WHERE query LIKE 'LISTEN %' AND pid <> pg_backend_pid()");
    }
    Await.until(() -> !store.listening(), "the store notices the lost connection");
    describeBehindTheStoresBack(op.id(), "changed without notice");

    assertThat(description(id, op)).isEqualTo("changed without notice");
    // and it listens again by itself
    Await.until(() -> {
      store.findOperation(id, null, op.id());
      return store.listening();
    }, "the store listens again");
  }

  @Test
  void closedStoreReadsTheDatabaseEveryTime() {
    store = store(LONG);
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = asyncProvision(store, id, LONG);
    pollUntilCopied(id, op);

    store.close();
    describeBehindTheStoresBack(op.id(), "changed without notice");

    assertThat(store.listening()).isFalse();
    assertThat(description(id, op)).isEqualTo("changed without notice");
  }

  @Test
  void copiesTurnedOffReadTheDatabaseEveryTime() throws InterruptedException {
    store = PostgresBrokerStore.builder(TestDatabase.replicaA())
        .runningOperationCache(0, LONG).build();
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = asyncProvision(store, id, LONG);
    store.findOperation(id, null, op.id());
    Thread.sleep(200);
    store.findOperation(id, null, op.id());
    describeBehindTheStoresBack(op.id(), "changed without notice");

    assertThat(store.listening()).isFalse();
    assertThat(description(id, op)).isEqualTo("changed without notice");
  }

  @Test
  void synchronousOperationsInProgressAreNeverCopied() {
    store = store(LONG);
    String id = "inst-" + UUID.randomUUID();
    StoredOperation async = asyncProvision(store, id, LONG);
    pollUntilCopied(id, async); // the store listens
    String syncId = "inst-" + UUID.randomUUID();
    StoredOperation op = StoredOperation.start(UUID.randomUUID().toString(), syncId, null,
        OperationType.PROVISION, "fp", ME, now.plus(LONG), "req", null, now);
    StoredInstance row = new StoredInstance(syncId, "svc", "plan", "fp", null, null, "org",
        "space", null, null, null, InstanceStatus.PROVISIONING, true, now, now, now);
    assertThat(store.claimInstance(row, op)).isInstanceOf(Claim.Won.class);
    store.findOperation(syncId, null, op.id());
    store.findOperation(syncId, null, op.id());

    describeBehindTheStoresBack(op.id(), "changed without notice");

    assertThat(store.findOperation(syncId, null, op.id()).orElseThrow().description())
        .isEqualTo("changed without notice");
  }

  @Test
  void noCopyIsUsedWhenNotificationsDoNotArrive() throws InterruptedException {
    // the listener's own connection goes to another database, where notifications sent to this
    // one never arrive (as behind a connection pooler in transaction mode)
    store = PostgresBrokerStore.builder(new ListenerElsewhere(TestDatabase.replicaA(),
        TestDatabase.server().getJdbcUrl("postgres", "template1")))
        .runningOperationCache(100, LONG).build();
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = asyncProvision(store, id, LONG);
    long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (System.nanoTime() - end < 0) {
      store.findOperation(id, null, op.id());
      assertThat(store.listening()).isFalse();
      Thread.sleep(20);
    }
    describeBehindTheStoresBack(op.id(), "changed without notice");

    assertThat(description(id, op)).isEqualTo("changed without notice");
  }

  @Test
  void builderRefusesNegativeSizesAndTimesUnderAMillisecond() {
    PostgresBrokerStore.Builder b = PostgresBrokerStore.builder(TestDatabase.replicaA());
    assertThatThrownBy(() -> b.runningOperationCache(-1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.runningOperationCache(10, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

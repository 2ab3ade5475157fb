package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.core.store.Begin;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Down, slow or restarted databases: 503 material, never half-applied, and recovery. */
class UnavailableDatabaseTest {
  @RegisterExtension final ClosedAfterTest closed = new ClosedAfterTest();

  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  @BeforeEach
  void emptyDatabase() {
    TestDatabase.truncate();
  }

  private StoredInstance instance(String id) {
    return new StoredInstance(id, "svc", "plan", "fp", null, null, null, null, null, null, null,
        InstanceStatus.PROVISIONING, true, now, now, now);
  }

  private StoredOperation op(String id, OperationType type) {
    return StoredOperation.start(UUID.randomUUID().toString(), id, null, type, "fp", "me",
        now.plusSeconds(30), null, null, now);
  }

  private void provisionReady(PostgresBrokerStore store, String id) {
    StoredOperation p = op(id, OperationType.PROVISION);
    assertThat(store.claimInstance(instance(id), p)).isInstanceOf(Claim.Won.class);
    assertThat(store.finishOperation(new Finish(p.id(), "me", p.attempt(),
        OperationStatus.SUCCEEDED, null,
        null, null, false, Finish.RowChange.put(instance(id).withStatus(InstanceStatus.READY,
            now)), Finish.RowChange.none(), now))).isTrue();
  }

  /**
   * A port of 127.0.0.1 bound to a socket that does not listen: a connection to it
   * is refused at once, and nobody else can take the port while the socket is open. (The test
   * used a port found free and closed: another process, such as an embedded PostgreSQL of a
   * build running beside this one, could take it meanwhile and answer.)
   */
  private static Socket boundNotListening() throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress("127.0.0.1", 0));
    return s;
  }

  @Test
  void aDatabaseNobodyAnswersOnGivesStoreUnavailableWithoutSecrets() throws Exception {
    try (Socket reserved = boundNotListening();
        HikariDataSource dead = TestDatabase.pool("jdbc:postgresql://127.0.0.1:"
            + reserved.getLocalPort() + "/postgres?password=s3cret-pw&connectTimeout=1", "dead",
            500);
        PostgresBrokerStore store = PostgresBrokerStore.builder(dead).build()) {
      assertThatThrownBy(store::check).isInstanceOf(StoreUnavailableException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
      assertThatThrownBy(() -> store.findInstance("x"))
          .isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> store.claimInstance(instance("x"),
          op("x", OperationType.PROVISION))).isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> store.beginOperation(op("x", OperationType.UPDATE)))
          .isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> Migrations.apply(dead))
          .isInstanceOf(StoreUnavailableException.class);
    }
  }

  @Test
  void aStatementThatWaitsTooLongIsCancelledAndAppliesNothing() throws Exception {
    PostgresBrokerStore store = closed.add(PostgresBrokerStore.builder(TestDatabase.replicaA())
        .statementTimeout(Duration.ofSeconds(1)).build());
    provisionReady(store, "slow");
    StoredOperation update = op("slow", OperationType.UPDATE);
    try (Connection blocker = TestDatabase.replicaB().getConnection();
        Statement st = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      st.execute("SELECT * FROM osb_instance WHERE id = 'slow' FOR UPDATE");
      long start = System.nanoTime();
      assertThatThrownBy(() -> store.beginOperation(update))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("57014");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      blocker.rollback();
      blocker.setAutoCommit(true);
    }
    assertThat(store.runningOperation("slow")).isEmpty();
    assertThat(store.beginOperation(update)).isInstanceOf(Begin.Started.class);
  }

  @Test
  void aStatementTimeoutTooLongForAnIntWaitsBehindALockInsteadOfWrappingToOneSecond()
      throws Exception {
    // 2^32 + 1 s once became a 1 s timeout (the seconds were cast to int)
    PostgresBrokerStore store = closed.add(PostgresBrokerStore.builder(TestDatabase.replicaA())
        .statementTimeout(Duration.ofSeconds((1L << 32) + 1)).build());
    provisionReady(store, "held");
    StoredOperation update = op("held", OperationType.UPDATE);
    try (Connection blocker = TestDatabase.replicaB().getConnection();
        Statement st = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      st.execute("SELECT * FROM osb_instance WHERE id = 'held' FOR UPDATE");
      CompletableFuture<Void> released = rollBackOnceBlockedFor(blocker, Duration.ofMillis(2_500));
      assertThat(store.beginOperation(update)).isInstanceOf(Begin.Started.class);
      released.get();
      blocker.setAutoCommit(true);
    }
  }

  /**
   * Rolls a blocking transaction back, on another thread, once a session has waited for its lock
   * for {@code after}. (It rolled back 2.5 s after it started: a statement that reached the lock
   * later than that, the test's thread held up on a loaded machine, never waited, and the test
   * passed with a timeout of 1 s as well.)
   *
   * @param blocker the blocking connection
   * @param after how long a session waits for it
   * @return done when it was rolled back
   */
  private static CompletableFuture<Void> rollBackOnceBlockedFor(Connection blocker,
      Duration after) {
    return CompletableFuture.runAsync(() -> {
      try {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (TestDatabase.strings("SELECT pid::text FROM pg_stat_activity"
            + " WHERE cardinality(pg_blocking_pids(pid)) > 0").isEmpty()) {
          assertThat(System.nanoTime() - end).as("a session waits for the lock").isNegative();
          Thread.sleep(10);
        }
        Thread.sleep(after.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        rollBack(blocker); // whatever happened: the test's statement must not wait for ever
      }
    });
  }

  private static void rollBack(Connection blocker) {
    try {
      blocker.rollback();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aStoppedServerGivesStoreUnavailableAndTheStoreRecoversWhenItIsBack(@TempDir Path dir)
      throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    EmbeddedPostgres server = RestartablePostgres.start(data);
    int port = server.getPort();
    try (HikariDataSource pool = TestDatabase.pool("jdbc:postgresql://127.0.0.1:" + port
        + "/postgres?connectTimeout=1", "restarting", 500);
        PostgresBrokerStore store = PostgresBrokerStore.builder(pool).build()) {
      Migrations.apply(pool);
      provisionReady(store, "kept");
      server.close();
      assertThatThrownBy(() -> store.findInstance("kept"))
          .isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> store.claimInstance(instance("lost"),
          op("lost", OperationType.PROVISION))).isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> store.beginOperation(op("kept", OperationType.DEPROVISION)))
          .isInstanceOf(StoreUnavailableException.class);
      server = RestartablePostgres.restart(data, port);
      awaitRecovery(store);
      assertThat(Migrations.apply(pool)).isZero();
      assertThat(store.findInstance("kept")).get().extracting(StoredInstance::status)
          .isEqualTo(InstanceStatus.READY);
      assertThat(store.findInstance("lost")).isEmpty();
      assertThat(store.runningOperation("kept")).isEmpty();
      assertThat(store.claimInstance(instance("lost"), op("lost", OperationType.PROVISION)))
          .isInstanceOf(Claim.Won.class);
    } finally {
      server.close();
    }
  }

  /** The first calls after a restart may still fail while the pool reconnects; then it heals. */
  private static void awaitRecovery(PostgresBrokerStore store) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        store.check();
        return;
      } catch (StoreUnavailableException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }
}

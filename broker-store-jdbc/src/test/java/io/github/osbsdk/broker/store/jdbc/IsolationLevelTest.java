package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.core.store.Begin;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pool configured with a stricter default isolation than PostgreSQL's READ COMMITTED: the
 * store's transactions lock a row, then check what runs in a new statement that must see what
 * was committed while they waited for the lock.
 */
class IsolationLevelTest {
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  @BeforeEach
  void emptyDatabase() {
    TestDatabase.truncate();
  }

  private static HikariDataSource pool(String isolation) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestDatabase.server().getJdbcUrl("postgres", "postgres"));
    config.setUsername("postgres");
    config.setPoolName("isolation-" + isolation);
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(0);
    config.setTransactionIsolation(isolation);
    return new HikariDataSource(config);
  }

  private StoredInstance instance(String id, InstanceStatus status) {
    return new StoredInstance(id, "svc", "plan", "fp", null, null, null, null, null, null, null,
        status, true, now, now, now);
  }

  private StoredOperation op(String id, OperationType type) {
    return StoredOperation.start(UUID.randomUUID().toString(), id, null, type, "fp", "me",
        now.plusSeconds(30), null, null, now);
  }

  @ParameterizedTest
  @ValueSource(strings = {"TRANSACTION_REPEATABLE_READ", "TRANSACTION_SERIALIZABLE"})
  void aDeprovisionThatWaitedForABindSeesTheBindRunningWhateverThePoolsIsolation(
      String isolation) throws Exception {
    String id = "i-" + UUID.randomUUID();
    try (HikariDataSource strict = pool(isolation);
        PostgresBrokerStore store = PostgresBrokerStore.builder(strict).build();
        Connection bind = TestDatabase.replicaB().getConnection();
        Statement st = bind.createStatement()) {
      StoredOperation p = op(id, OperationType.PROVISION);
      assertThat(store.claimInstance(instance(id, InstanceStatus.PROVISIONING), p))
          .isInstanceOf(Claim.Won.class);
      assertThat(store.finishOperation(new Finish(p.id(), "me", p.attempt(),
          OperationStatus.SUCCEEDED, null,
          null, null, false, Finish.RowChange.put(instance(id, InstanceStatus.READY)),
          Finish.RowChange.none(), now))).isTrue();
      // another replica's bind, as claimBinding writes it: the instance row shared, then the
      // binding's operation, committed only after the deprovision below asked for the lock
      bind.setAutoCommit(false);
      st.execute("SELECT id FROM osb_instance WHERE id = '" + id + "' FOR SHARE");
      st.execute("INSERT INTO osb_operation (id, instance_id, binding_id, type, status,"
          + " fingerprint, async, attempt, created_at) VALUES ('" + UUID.randomUUID() + "', '"
          + id + "', 'b', 'BIND', 'IN_PROGRESS', 'fp', false, 1, now())");

      CompletableFuture<Begin> deprovision = CompletableFuture.supplyAsync(
          () -> store.beginOperation(op(id, OperationType.DEPROVISION)));
      awaitBlockedSession();
      bind.commit();

      assertThat(deprovision.get(30, TimeUnit.SECONDS)).isInstanceOf(Begin.Busy.class);
      assertThat(TestDatabase.strings("SELECT status FROM osb_instance WHERE id = '" + id + "'"))
          .containsExactly("READY");
    }
  }

  private static void awaitBlockedSession() throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (TestDatabase.strings("SELECT pid::text FROM pg_stat_activity"
        + " WHERE cardinality(pg_blocking_pids(pid)) > 0").isEmpty()) {
      assertThat(System.nanoTime() - end).as("the deprovision waits for the lock").isNegative();
      Thread.sleep(10);
    }
  }
}

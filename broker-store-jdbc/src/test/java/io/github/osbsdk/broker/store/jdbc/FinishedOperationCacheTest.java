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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store's copies of finished operations, on a real database: rows are changed behind the
 * store's back to tell a copy from a read.
 */
class FinishedOperationCacheTest {
  @RegisterExtension final ClosedAfterTest closed = new ClosedAfterTest();

  private static final String ME = "replica-a";
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

  @BeforeEach
  void emptyDatabase() {
    TestDatabase.truncate();
  }

  private StoredOperation provision(PostgresBrokerStore store, String id) {
    StoredOperation op = StoredOperation.start(UUID.randomUUID().toString(), id, null,
        OperationType.PROVISION, "fp", ME, now.plusSeconds(30), "req", null, now);
    StoredInstance row = new StoredInstance(id, "svc", "plan", "fp", null, null, "org", "space",
        null, null, null, InstanceStatus.PROVISIONING, true, now, now, now);
    assertThat(store.claimInstance(row, op)).isInstanceOf(Claim.Won.class);
    return op;
  }

  private void finish(PostgresBrokerStore store, StoredOperation op, String id) {
    StoredInstance ready = new StoredInstance(id, "svc", "plan", "fp", null, null, "org",
        "space", null, null, null, InstanceStatus.READY, true, now, now, now);
    assertThat(store.finishOperation(new Finish(op.id(), ME, op.attempt(),
        OperationStatus.SUCCEEDED, null,
        null, null, true, Finish.RowChange.put(ready), Finish.RowChange.none(), now))).isTrue();
  }

  private static void sql(String sql, String operationId) {
    try (Connection c = TestDatabase.replicaB().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, operationId);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void pollOfAFinishedOperationIsAnsweredFromTheCopy() {
    PostgresBrokerStore store = closed.add(
        PostgresBrokerStore.builder(TestDatabase.replicaA()).build());
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = provision(store, id);
    finish(store, op, id);
    assertThat(store.findOperation(id, null, op.id())).get()
        .extracting(StoredOperation::status).isEqualTo(OperationStatus.SUCCEEDED);

    sql("DELETE FROM osb_operation WHERE id = ?", op.id());

    assertThat(store.findOperation(id, null, op.id())).get()
        .extracting(StoredOperation::status).isEqualTo(OperationStatus.SUCCEEDED);
    PostgresBrokerStore other = closed.add(
        PostgresBrokerStore.builder(TestDatabase.replicaB()).build());
    assertThat(other.findOperation(id, null, op.id())).isEmpty();
  }

  @Test
  void finishedOperationWithALargePayloadIsReadFromTheDatabaseNotCopied() {
    // an async update's payload carries the customer's parameters (up to a request body, 1 MiB
    // by default): 10,000 copies of such operations would hold gigabytes of heap. This store
    // clears the payload when it finishes an operation; a replica of an earlier version kept it
    PostgresBrokerStore store = closed.add(
        PostgresBrokerStore.builder(TestDatabase.replicaA()).build());
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = provision(store, id);
    finish(store, op, id);
    try (Connection c = TestDatabase.replicaB().getConnection();
        PreparedStatement ps = c.prepareStatement(
            "UPDATE osb_operation SET payload = ? WHERE id = ?")) {
      ps.setString(1, "{\"parameters\":{\"k\":\"" + "x".repeat(100_000) + "\"}}");
      ps.setString(2, op.id());
      assertThat(ps.executeUpdate()).isEqualTo(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    assertThat(store.findOperation(id, null, op.id())).get()
        .extracting(StoredOperation::status).isEqualTo(OperationStatus.SUCCEEDED);

    sql("DELETE FROM osb_operation WHERE id = ?", op.id());

    assertThat(store.findOperation(id, null, op.id())).as("no copy was kept").isEmpty();
  }

  @Test
  void copiesKeptForeverAreCopiesKeptForACenturyNotAnOverflow() {
    Duration forever = ChronoUnit.FOREVER.getDuration();
    PostgresBrokerStore store = closed.add(PostgresBrokerStore.builder(TestDatabase.replicaA())
        .finishedOperationCache(100, forever).runningOperationCache(100, forever).build());
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = provision(store, id);
    finish(store, op, id);
    assertThat(store.findOperation(id, null, op.id())).isPresent();

    sql("DELETE FROM osb_operation WHERE id = ?", op.id());

    assertThat(store.findOperation(id, null, op.id())).get()
        .extracting(StoredOperation::status).isEqualTo(OperationStatus.SUCCEEDED);
  }

  @Test
  void pollOfAnOperationInProgressAlwaysReadsTheDatabase() {
    PostgresBrokerStore store = closed.add(
        PostgresBrokerStore.builder(TestDatabase.replicaA()).build());
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = provision(store, id);
    assertThat(store.findOperation(id, null, op.id())).get()
        .extracting(StoredOperation::status).isEqualTo(OperationStatus.IN_PROGRESS);

    // another replica finishes it
    sql("UPDATE osb_operation SET status = 'FAILED', description = 'gone',"
        + " finished_at = now(), lease_expiry = NULL WHERE id = ?", op.id());

    assertThat(store.findOperation(id, null, op.id())).get()
        .extracting(StoredOperation::status).isEqualTo(OperationStatus.FAILED);
  }

  @Test
  void purgeDropsTheCopiesOfWhatItDeletes() {
    PostgresBrokerStore store = closed.add(
        PostgresBrokerStore.builder(TestDatabase.replicaA()).build());
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = provision(store, id);
    finish(store, op, id);
    assertThat(store.findOperation(id, null, op.id())).isPresent();

    assertThat(store.purgeOperations(now.plusSeconds(1))).isEqualTo(1);

    assertThat(store.findOperation(id, null, op.id())).isEmpty();
  }

  @Test
  void aPollDuringAPurgeLeavesNoCopyOfWhatThePurgeDeleted() {
    // a poll that reads the row while the purge runs, just before its DELETE
    AtomicReference<Runnable> beforeNextConnection = new AtomicReference<>();
    DataSource real = TestDatabase.replicaA();
    DataSource hooked = (DataSource) Proxy.newProxyInstance(
        DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Runnable hook = method.getName().equals("getConnection")
              ? beforeNextConnection.getAndSet(null) : null;
          if (hook != null) {
            hook.run();
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    PostgresBrokerStore store = closed.add(PostgresBrokerStore.builder(hooked).build());
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = provision(store, id);
    finish(store, op, id);
    AtomicReference<Optional<StoredOperation>> polled = new AtomicReference<>();
    beforeNextConnection.set(() -> polled.set(store.findOperation(id, null, op.id())));

    assertThat(store.purgeOperations(now.plusSeconds(1))).isEqualTo(1);

    assertThat(polled.get()).as("the poll during the purge").isPresent();
    assertThat(store.findOperation(id, null, op.id())).isEmpty();
  }

  @Test
  void copiesTurnedOffReadTheDatabaseEveryTime() {
    PostgresBrokerStore store = closed.add(PostgresBrokerStore.builder(TestDatabase.replicaA())
        .finishedOperationCache(0, Duration.ofSeconds(60)).build());
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = provision(store, id);
    finish(store, op, id);
    assertThat(store.findOperation(id, null, op.id())).isPresent();

    sql("DELETE FROM osb_operation WHERE id = ?", op.id());

    assertThat(store.findOperation(id, null, op.id())).isEmpty();
  }

  @Test
  void builderRefusesNegativeSizesAndTimesUnderAMillisecond() {
    PostgresBrokerStore.Builder b = PostgresBrokerStore.builder(TestDatabase.replicaA());
    assertThatThrownBy(() -> b.finishedOperationCache(-1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.finishedOperationCache(10, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

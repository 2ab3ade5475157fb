package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provisions keep coming from several threads while the server stops and starts again: calls
 * fail only with {@link StoreUnavailableException}, nothing is half applied, and the store serves
 * again afterwards.
 */
class RestartUnderLoadTest {
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  /** What the caller saw for one id. */
  enum Seen { WON_AND_FINISHED, WON_NOT_FINISHED, CLAIM_FAILED }

  @Test
  void aRestartUnderLoadGivesOnlyUnavailableAndLeavesNothingHalfApplied(@TempDir Path dir)
      throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    EmbeddedPostgres server = RestartablePostgres.start(data);
    int port = server.getPort();
    Map<String, Seen> seen = new ConcurrentHashMap<>();
    List<Throwable> unexpected = new ArrayList<>();
    AtomicInteger unavailable = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService load = Executors.newFixedThreadPool(3);
    try (HikariDataSource pool = TestDatabase.pool("jdbc:postgresql://127.0.0.1:" + port
        + "/postgres?connectTimeout=1", "under-load", 500);
        PostgresBrokerStore store = PostgresBrokerStore.builder(pool).build()) {
      Migrations.apply(pool);
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        int worker = w;
        workers.add(load.submit(() -> {
          for (int i = 0; !stop.get(); i++) {
            String id = "w" + worker + "-" + i;
            try {
              provision(store, id, seen);
            } catch (StoreUnavailableException e) {
              unavailable.incrementAndGet();
              sleep(20);
            } catch (RuntimeException | Error e) {
              synchronized (unexpected) {
                unexpected.add(e);
              }
            }
          }
        }));
      }
      awaitCount(seen, 30);
      server.close();
      sleep(500);
      server = RestartablePostgres.restart(data, port);
      int before = countFinished(seen);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (countFinished(seen) < before + 30 && System.nanoTime() < deadline) {
        sleep(50);
      }
      stop.set(true);
      for (Future<?> f : workers) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertThat(unexpected).isEmpty();
      assertThat(unavailable.get()).isPositive();
      assertThat(countFinished(seen)).as("provisions after the restart")
          .isGreaterThanOrEqualTo(before + 30);
      for (Map.Entry<String, Seen> e : seen.entrySet()) {
        Optional<StoredInstance> instance = store.findInstance(e.getKey());
        Optional<StoredOperation> running = store.runningOperation(e.getKey());
        if (e.getValue() == Seen.WON_AND_FINISHED) {
          assertThat(instance).get().extracting(StoredInstance::status)
              .isEqualTo(InstanceStatus.READY);
          assertThat(running).isEmpty();
        } else if (instance.isPresent()) {
          // committed, but the answer was lost with the connection: whole, never half
          assertThat(instance.get().status() == InstanceStatus.READY ? running.isEmpty()
              : running.isPresent()).as(e.getKey()).isTrue();
        } else {
          assertThat(running).isEmpty();
        }
      }
      assertThat(orphans(pool)).isZero();
    } finally {
      stop.set(true);
      load.shutdownNow();
      server.close();
    }
  }

  private void provision(PostgresBrokerStore store, String id, Map<String, Seen> seen) {
    StoredInstance instance = new StoredInstance(id, "svc", "plan", "fp", "{}", null, null, null,
        null, null, null, InstanceStatus.PROVISIONING, true, now, now, now);
    StoredOperation op = StoredOperation.start("op-" + id, id, null, OperationType.PROVISION,
        "fp", "me", now.plusSeconds(30), null, null, now);
    seen.put(id, Seen.CLAIM_FAILED);
    if (!(store.claimInstance(instance, op) instanceof Claim.Won)) {
      return;
    }
    seen.put(id, Seen.WON_NOT_FINISHED);
    if (store.finishOperation(new Finish(op.id(), "me", op.attempt(),
        OperationStatus.SUCCEEDED, null, null,
        null, false, Finish.RowChange.put(instance.withStatus(InstanceStatus.READY, now)),
        Finish.RowChange.none(), now))) {
      seen.put(id, Seen.WON_AND_FINISHED);
    }
  }

  /** Instances in provisioning without their operation, or operations without an instance. */
  private static int orphans(HikariDataSource pool) throws Exception {
    try (Connection c = pool.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM osb_instance i WHERE"
            + " i.status = 'PROVISIONING' AND NOT EXISTS (SELECT 1 FROM osb_operation o"
            + " WHERE o.instance_id = i.id)) + (SELECT count(*) FROM osb_operation o WHERE"
            + " NOT EXISTS (SELECT 1 FROM osb_instance i WHERE i.id = o.instance_id))")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int countFinished(Map<String, Seen> seen) {
    return (int) seen.values().stream().filter(s -> s == Seen.WON_AND_FINISHED).count();
  }

  private static void awaitCount(Map<String, Seen> seen, int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (countFinished(seen) < n && System.nanoTime() < deadline) {
      sleep(10);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

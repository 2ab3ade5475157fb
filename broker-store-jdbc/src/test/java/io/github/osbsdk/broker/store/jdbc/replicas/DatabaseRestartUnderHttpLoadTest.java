package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.store.jdbc.Migrations;
import io.github.osbsdk.broker.store.jdbc.RestartablePostgres;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client threads provision, bind and poll through two replicas while the database stops and
 * starts again (same port and data directory): every call answers, 503 with an OSB error body
 * and {@code Retry-After} while the database is down, never 500; service recovers by itself; and
 * nothing the replicas answered is lost.
 */
class DatabaseRestartUnderHttpLoadTest {
  private static final int CLIENTS = 4;
  private static final Set<Integer> PROVISION_OK = Set.of(200, 201, 202);

  /** Every status a provision id saw. */
  private final Map<String, List<Integer>> provisions = new ConcurrentHashMap<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final AtomicInteger unavailable = new AtomicInteger();
  private final AtomicInteger created = new AtomicInteger();
  private final AtomicBoolean stop = new AtomicBoolean();

  @Test
  void aDatabaseRestartUnderLoadGives503sThenRecoversAndLosesNothing(@TempDir Path dir)
      throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    EmbeddedPostgres database = RestartablePostgres.start(data);
    int port = database.getPort();
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?connectTimeout=2";
    CountingProvider provider = new CountingProvider(false);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try (HikariDataSource poolA = ReplicaServer.pool(url, "restart-a", 4, 1_000);
        HikariDataSource poolB = ReplicaServer.pool(url, "restart-b", 4, 1_000)) {
      Migrations.apply(poolA);
      try (ReplicaServer a = ReplicaServer.start(ReplicaServer.replica(provider, poolA));
          ReplicaServer b = ReplicaServer.start(ReplicaServer.replica(provider, poolB))) {
        String asyncId = UUID.randomUUID().toString();
        String asyncOp = a.provision(asyncId, "async", true).json().path("operation").asText();
        assertThat(b.awaitFinished(asyncId, asyncOp, Duration.ofSeconds(30)).json()
            .path("state").asText()).isEqualTo("succeeded");

        List<Future<?>> load = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          boolean startOnA = c % 2 == 0;
          load.add(clients.submit(() -> drive(startOnA ? a : b, startOnA ? b : a, asyncId,
              asyncOp)));
        }
        await(() -> created.get() >= 20, Duration.ofSeconds(20));
        database.close();
        int before = unavailable.get();
        await(() -> unavailable.get() >= before + 2 * CLIENTS, Duration.ofSeconds(20));
        database = RestartablePostgres.restart(data, port);
        int afterRestart = created.get();
        await(() -> created.get() >= afterRestart + 20, Duration.ofSeconds(30));
        stop.set(true);
        for (Future<?> f : load) {
          f.get(60, TimeUnit.SECONDS);
        }

        assertThat(violations).isEmpty();
        assertThat(unavailable.get()).as("503s during the outage").isGreaterThan(before);
        assertThat(created.get()).as("provisions after the restart")
            .isGreaterThanOrEqualTo(afterRestart + 20);
        a.broker.maintainOperations();
        b.broker.maintainOperations();
        for (Map.Entry<String, List<Integer>> e : provisions.entrySet()) {
          String id = e.getKey();
          Optional<StoredInstance> stored = a.store().findInstance(id);
          if (e.getValue().stream().anyMatch(PROVISION_OK::contains)) {
            assertThat(stored).as("%s answered %s", id, e.getValue()).get()
                .extracting(StoredInstance::status).isEqualTo(InstanceStatus.READY);
          }
          if (stored.isPresent() || e.getValue().contains(503)) {
            Reply repeat = b.provision(id, "sync", false);
            assertThat(repeat.status()).as("repeat of %s after %s: %s", id, e.getValue(),
                repeat).isIn(200, 201, 202);
          }
        }
      }
    } finally {
      stop.set(true);
      clients.shutdownNow();
      database.close();
    }
  }

  /** One client: new instance on one replica, binding on the other, a poll; until stopped. */
  private void drive(ReplicaServer first, ReplicaServer second, String asyncId, String asyncOp) {
    ReplicaServer one = first;
    ReplicaServer other = second;
    while (!stop.get()) {
      String id = UUID.randomUUID().toString();
      Reply p = check("provision", one.provision(id, "sync", false), 201);
      provisions.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(p.status());
      if (p.status() == 201) {
        created.incrementAndGet();
        check("bind", other.bind(id, UUID.randomUUID().toString()), 201);
      }
      check("last_operation", other.lastOperation(asyncId, asyncOp), 200);
      ReplicaServer swap = one;
      one = other;
      other = swap;
    }
  }

  /** Checks one answer: the expected status, or a well-formed 503; anything else is recorded. */
  private Reply check(String what, Reply r, int expected) {
    if (r.took().compareTo(Duration.ofSeconds(30)) >= 0) {
      violations.add(what + " took " + r.took());
    }
    if (r.status() == 503) {
      unavailable.incrementAndGet();
      String retryAfter = r.header("Retry-After");
      boolean osbBody = r.body() != null && r.body().startsWith("{")
          && r.json().path("description").isTextual();
      if (retryAfter == null || !retryAfter.matches("\\d+") || Integer.parseInt(retryAfter) > 30
          || !osbBody) {
        violations.add(what + ": malformed 503: " + r);
      }
      sleep(20);
    } else if (r.status() != expected) {
      violations.add(what + ": " + r);
    }
    return r;
  }

  private static void await(BooleanSupplier condition, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      sleep(20);
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

package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two SDK replicas, each with its own store and pool on one PostgreSQL database, each on its own
 * port: identical provisions split between them call the provider once.
 */
class TwoReplicasOnOneDatabaseTest {
  private static final int CALLS = 50;
  private final CountingProvider provider = new CountingProvider(true);
  private ReplicaServer a;
  private ReplicaServer b;

  @BeforeEach
  void startReplicas() {
    String url = TestDatabase.server().getJdbcUrl("postgres", "postgres");
    a = ReplicaServer.onOwnPool(url, "two-a", 8, 5_000,
        pool -> ReplicaServer.replica(provider, pool));
    b = ReplicaServer.onOwnPool(url, "two-b", 8, 5_000,
        pool -> ReplicaServer.replica(provider, pool));
  }

  @AfterEach
  void stopReplicas() {
    provider.release();
    a.close();
    b.close();
  }

  @Test
  void repeatedProvisionIsComparedWithTheInstanceAsUpdatedOnTheOtherReplica() {
    String id = UUID.randomUUID().toString();
    assertThat(a.provision(id, "sync", false).status()).isEqualTo(201);
    Reply update = b.send("PATCH", "/v2/service_instances/" + id, "{\"service_id\":\""
        + CountingProvider.SERVICE + "\",\"parameters\":{\"size\":4}}");
    assertThat(update.status()).as(update.toString()).isEqualTo(200);
    // the creating request (size 3) is now a different request; size 4 is the instance
    assertThat(a.provision(id, "sync", false).status()).isEqualTo(409);
    Reply current = b.send("PUT", "/v2/service_instances/" + id, "{\"service_id\":\""
        + CountingProvider.SERVICE + "\",\"plan_id\":\"sync\",\"context\":{\"platform\":"
        + "\"ibmcloud\"},\"parameters\":{\"size\":4}}");
    assertThat(current.status()).as(current.toString()).isEqualTo(200);
  }

  /** Sends {@value #CALLS} identical provisions at once, alternating between the replicas. */
  private List<Reply> provisionFromBoth(String id, String plan, boolean async) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Reply>> futures = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        ReplicaServer replica = i % 2 == 0 ? a : b;
        futures.add(clients.submit(() -> {
          go.await();
          return replica.provision(id, plan, async);
        }));
      }
      go.countDown();
      List<Reply> replies = new ArrayList<>();
      for (Future<Reply> f : futures) {
        replies.add(f.get(30, TimeUnit.SECONDS));
      }
      return replies;
    } finally {
      clients.shutdownNow();
    }
  }

  private static Map<Integer, Integer> statuses(List<Reply> replies) {
    Map<Integer, Integer> counts = new TreeMap<>();
    replies.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
    return counts;
  }

  @Test
  void fiftyIdenticalSyncProvisionsOnTwoReplicasCallTheProviderOnceAndCreateOnce()
      throws Exception {
    String id = UUID.randomUUID().toString();
    List<Reply> replies = provisionFromBoth(id, "sync", false);
    Map<Integer, Integer> counts = statuses(replies);
    assertThat(counts).as("statuses %s", replies).containsEntry(201, 1)
        .containsOnlyKeys(200, 201).containsEntry(200, CALLS - 1);
    assertThat(provider.provisions.get()).isEqualTo(1);
    assertThat(a.provision(id, "sync", false).status()).isEqualTo(200);
    assertThat(b.provision(id, "sync", false).status()).isEqualTo(200);
    assertThat(a.store().runningOperation(id)).isEmpty();
  }

  @Test
  void fiftyIdenticalAsyncProvisionsOnTwoReplicasShareOneOperationThatSucceedsOnBoth()
      throws Exception {
    String id = UUID.randomUUID().toString();
    List<Reply> replies = provisionFromBoth(id, "async", true);
    assertThat(statuses(replies)).as("statuses %s", replies).containsOnlyKeys(202);
    Set<String> operations = new HashSet<>();
    replies.forEach(r -> operations.add(r.json().path("operation").asText()));
    assertThat(operations).hasSize(1);
    String operation = operations.iterator().next();
    assertThat(provider.provisions.get()).isEqualTo(1);
    assertThat(b.lastOperation(id, operation).json().path("state").asText())
        .isEqualTo("in progress");
    provider.release();
    for (ReplicaServer replica : List.of(a, b)) {
      Reply done = replica.awaitFinished(id, operation, Duration.ofSeconds(30));
      assertThat(done.status()).as(done.toString()).isEqualTo(200);
      assertThat(done.json().path("state").asText()).isEqualTo("succeeded");
    }
    assertThat(a.provision(id, "async", true).status()).isEqualTo(200);
    assertThat(b.provision(id, "async", true).status()).isEqualTo(200);
    assertThat(provider.provisions.get()).isEqualTo(1);
  }
}

package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A resumable step's arguments on PostgreSQL: the step the owner runs first and the same step
 * resumed by another replica from {@code osb_operation.step_arguments} see equal maps whose values
 * have equal types (a {@code long} is not an {@code Integer} on one and a {@code Long} on the
 * other, a decimal keeps every digit).
 */
class StepArgumentsOnTwoReplicasTest {
  /** Provisions plan {@code step} with arguments whose Java types JSON does not keep. */
  private static final ServiceBroker PROVIDER = new ServiceBroker() {
    @Override
    public Catalog catalog() {
      return CountingProvider.CATALOG;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("n", 5L);
      args.put("big", new BigInteger("123456789012345678901234567890"));
      args.put("price", new BigDecimal("0.10000000000000000000001"));
      args.put("ratio", 0.1);
      args.put("tiny", 1e-9);
      args.put("whole", new BigDecimal("2"));
      args.put("nothing", null);
      args.put("nested", Map.of("items", List.of(1L, 2.5f, "x", true)));
      return ProvisionResult.accepted(AsyncWork.step(CountingProvider.STEP, args));
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      return DeprovisionResult.deleted();
    }
  };

  /** A value and, inside maps and lists, every value with its class. */
  private static Object typed(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> typed = new LinkedHashMap<>();
      map.forEach((k, v) -> typed.put(k, typed(v)));
      return typed;
    }
    if (value instanceof List<?> list) {
      List<Object> typed = new ArrayList<>();
      list.forEach(v -> typed.add(typed(v)));
      return typed;
    }
    return value == null ? "null" : value + " : " + value.getClass().getName();
  }

  @Test
  void theOwnersAttemptAndTheResumedOneSeeEqualArgumentsOfEqualTypes() throws Exception {
    List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch hold = new CountDownLatch(1);
    ReplicaServer owner = ReplicaServer.onTestDatabase("args-owner", pool -> ReplicaServer
        .replica(PROVIDER, pool).step(CountingProvider.STEP, ctx -> {
          seen.add(ctx.arguments());
          started.countDown();
          hold.await();
        }));
    ReplicaServer other = ReplicaServer.onTestDatabase("args-other", pool -> ReplicaServer
        .replica(PROVIDER, pool).step(CountingProvider.STEP, ctx -> seen.add(ctx.arguments())));
    try {
      String id = UUID.randomUUID().toString();
      Reply accepted = owner.provision(id, "step", true);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      String operation = accepted.json().path("operation").asText();
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      owner.close();
      Reply done = other.awaitFinished(id, operation, ReplicaServer.LEASE.plusSeconds(20));
      assertThat(done.json().path("state").asText()).as(done.toString()).isEqualTo("succeeded");
    } finally {
      hold.countDown();
      owner.close();
      other.close();
    }

    assertThat(seen).hasSize(2);
    assertThat(seen.get(1)).isEqualTo(seen.get(0));
    assertThat(typed(seen.get(1))).isEqualTo(typed(seen.get(0)));
    assertThat(seen.get(1).get("n")).isEqualTo(5);
    assertThat(seen.get(1).get("price")).isEqualTo(new BigDecimal("0.10000000000000000000001"));
    assertThat(seen.get(1).get("tiny")).isEqualTo(new BigDecimal("1.0E-9"));
  }
}

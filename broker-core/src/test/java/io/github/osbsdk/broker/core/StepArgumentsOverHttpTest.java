package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.poll;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A resumable step's arguments over HTTP: a value that is no JSON is a provider bug (500), and the
 * first attempt and one resumed by another replica from the stored JSON see the same values, of
 * the same types.
 */
class StepArgumentsOverHttpTest {
  /** Arguments of every kind whose Java type JSON does not keep. */
  static Map<String, Object> mixedArguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("n", 5L);
    args.put("big", new BigInteger("123456789012345678901234567890"));
    args.put("price", new BigDecimal("0.10000000000000000000001"));
    args.put("ratio", 0.1);
    args.put("whole", new BigDecimal("2"));
    args.put("set", Set.of("only"));
    args.put("nothing", null);
    args.put("nested", Map.of("items", List.of(1L, 2.5f, "x", true)));
    return args;
  }

  /** A value and, inside maps and lists, every value with its class. */
  static Object typed(Object value) {
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
  void argumentsThatAreNoJsonAreAProviderBugAnsweredWithAnOsbInternalError() {
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        return ProvisionResult.accepted(AsyncWork.step("create",
            Map.of("items", List.of("a", "b", new Object()))));
      }
    };
    try (TestServer s = new TestServer(builder(provider).step("create", ctx -> { }).build());
        StderrCapture log = new StderrCapture()) {
      Reply r = provision(s, id(), "plan-async", "{}", true);

      assertThat(r.status()).as(r.toString()).isEqualTo(500);
      assertThat(r.json().get("description").asText()).contains("internal error");
      assertThat(r.toString()).doesNotContain("IllegalArgumentException").doesNotContain("at io.");
      assertThat(String.join("\n", log.lines()))
          .contains("arguments.items[2] is a java.lang.Object, not a JSON value");
    }
  }

  @Test
  void theFirstAttemptAndOneResumedByAnotherReplicaSeeTheSameValuesOfTheSameTypes() {
    InMemoryBrokerStore shared = new InMemoryBrokerStore();
    CountDownLatch hold = new CountDownLatch(1);
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        return ProvisionResult.accepted(AsyncWork.step("create", mixedArguments()));
      }
    };
    List<Map<String, Object>> first = new ArrayList<>();
    List<Map<String, Object>> resumed = new ArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    Broker replicaA = builder(provider).store(shared).lease(Duration.ofSeconds(1))
        .step("create", ctx -> {
          first.add(ctx.arguments());
          started.countDown();
          hold.await();
        }).build();
    Broker replicaB = builder(provider).store(shared).lease(Duration.ofSeconds(1))
        .step("create", ctx -> resumed.add(ctx.arguments())).build();
    try (TestServer sa = new TestServer(replicaA); TestServer sb = new TestServer(replicaB)) {
      String id = id();
      Reply accepted = provision(sa, id, "plan-async", "{}", true);
      assertThat(accepted.status()).isEqualTo(202);
      String op = accepted.json().get("operation").asText();
      started.await();
      replicaA.close();
      assertThat(poll(sb, id, op).json().get("state").asText()).isEqualTo("succeeded");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    } finally {
      hold.countDown();
    }

    assertThat(first).hasSize(1);
    assertThat(resumed).hasSize(1);
    assertThat(resumed.get(0)).isEqualTo(first.get(0));
    assertThat(typed(resumed.get(0))).isEqualTo(typed(first.get(0)));
    assertThat(first.get(0).get("n")).isEqualTo(5);
    assertThat(first.get(0).get("price")).isEqualTo(new BigDecimal("0.10000000000000000000001"));
    assertThat(first.get(0).get("ratio")).isEqualTo(new BigDecimal("0.1"));
    assertThat(first.get(0).get("whole")).isEqualTo(new BigDecimal("2.0"));
    assertThat(first.get(0).get("set")).isEqualTo(List.of("only"));
  }
}

package io.github.osbsdk.broker.core.internal.schema;

import static io.github.osbsdk.broker.core.internal.schema.ParameterValidatorTest.MAPPER;
import static io.github.osbsdk.broker.core.internal.schema.ParameterValidatorTest.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParameterValidatorDraftsTest {

  private static ParameterValidator provisionSchema(Map<String, Object> schema) {
    Plan plan = Plan.builder("p", "p", "d").schemas(Schemas.builder()
        .instanceCreate(schema).build()).build();
    return ParameterValidator.of(Catalog.of(ServiceOffering.builder("s", "s", "d").bindable(true)
        .plan(plan).build()), MAPPER);
  }

  private static Map<String, Object> schema(String dialect, Object... keyValues) {
    Map<String, Object> s = new LinkedHashMap<>();
    if (dialect != null) {
      s.put("$schema", dialect);
    }
    s.put("type", "object");
    s.putAll(params(keyValues));
    return s;
  }

  private static void rejects(ParameterValidator v, Map<String, Object> p, String fragment) {
    assertThatThrownBy(() -> v.validateProvision("p", p))
        .isInstanceOf(ServiceBrokerException.class).hasMessageContaining(fragment);
  }

  private static void accepts(ParameterValidator v, Map<String, Object> p) {
    assertThatCode(() -> v.validateProvision("p", p)).doesNotThrowAnyException();
  }

  @Test
  void draft04UsesBooleanExclusiveMaximum() {
    ParameterValidator v = provisionSchema(schema("http://json-schema.org/draft-04/schema#",
        "properties", Map.of("n", Map.of("type", "integer", "maximum", 10,
            "exclusiveMaximum", true))));
    accepts(v, params("n", 9));
    rejects(v, params("n", 10), "$.n");
  }

  @Test
  void schemaWithoutDollarSchemaIsReadAsDraft04() {
    ParameterValidator v = provisionSchema(schema(null,
        "properties", Map.of("n", Map.of("maximum", 10, "exclusiveMaximum", true),
            "c", Map.of("const", "only"))));
    rejects(v, params("n", 10), "$.n");
    accepts(v, params("c", "other"));
  }

  @Test
  void draft06EnforcesConstAndNumericExclusiveMaximum() {
    ParameterValidator v = provisionSchema(schema("http://json-schema.org/draft-06/schema#",
        "properties", Map.of("c", Map.of("const", "only"),
            "n", Map.of("exclusiveMaximum", 10))));
    accepts(v, params("c", "only", "n", 9));
    rejects(v, params("c", "other"), "$.c: must be only");
    rejects(v, params("n", 10), "$.n");
  }

  @Test
  void draft07EnforcesIfThenElse() {
    ParameterValidator v = provisionSchema(schema("http://json-schema.org/draft-07/schema#",
        "if", Map.of("properties", Map.of("tier", Map.of("const", "gold"))),
        "then", Map.of("required", List.of("replicas"))));
    accepts(v, params("tier", "silver"));
    accepts(v, params("tier", "gold", "replicas", 3));
    rejects(v, params("tier", "gold"), "$.replicas: is required");
  }

  @Test
  void draft201909EnforcesDependentRequired() {
    ParameterValidator v = provisionSchema(schema("https://json-schema.org/draft/2019-09/schema",
        "dependentRequired", Map.of("username", List.of("password"))));
    accepts(v, params("other", 1));
    rejects(v, params("username", "u"), "password");
  }

  @Test
  void draft202012EnforcesPrefixItems() {
    ParameterValidator v = provisionSchema(schema("https://json-schema.org/draft/2020-12/schema",
        "properties", Map.of("pair", Map.of("type", "array",
            "prefixItems", List.of(Map.of("type", "string"), Map.of("type", "integer"))))));
    accepts(v, params("pair", List.of("a", 1)));
    rejects(v, params("pair", List.of("a", "b")), "$.pair[1]: must be of type integer, not string");
  }

  @Test
  void externalReferencesAndMetaSchemasAreNeverFetched() throws Exception {
    AtomicInteger hits = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      hits.incrementAndGet();
      byte[] body = "{\"type\":\"string\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      assertThatThrownBy(() -> provisionSchema(schema("http://json-schema.org/draft-07/schema#",
          "properties", Map.of("a", Map.of("$ref", base + "/a.json")))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not allowed");
      assertThatThrownBy(() -> provisionSchema(schema("http://json-schema.org/draft-07/schema#",
          "$id", base + "/root.json", "properties", Map.of("a", Map.of("$ref", "other.json")))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> provisionSchema(schema(base + "/meta.json")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a supported JSON Schema version");
      assertThat(hits.get()).isZero();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void localReferencesResolveUnderAnAbsoluteId() {
    ParameterValidator v = provisionSchema(schema("http://json-schema.org/draft-07/schema#",
        "$id", "https://acme.example.com/schemas/provision.json",
        "definitions", Map.of("size", Map.of("enum", List.of("small", "large"))),
        "properties", Map.of("size", Map.of("$ref", "#/definitions/size"))));
    accepts(v, params("size", "small"));
    rejects(v, params("size", "medium"), "$.size: must be one of [small, large]");
  }

  @Test
  void classpathReferencesAreRefused() {
    assertThatThrownBy(() -> provisionSchema(schema("http://json-schema.org/draft-07/schema#",
        "properties", Map.of("a", Map.of("$ref", "classpath:draft-07/schema")))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oneValidatorServesManyThreadsConcurrently() throws Exception {
    ParameterValidator v = provisionSchema(schema("http://json-schema.org/draft-07/schema#",
        "properties", Map.of("size", Map.of("enum", List.of("small", "large"))),
        "additionalProperties", false));
    int threads = 8;
    int perThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          start.await();
          int checked = 0;
          for (int i = 0; i < perThread; i++) {
            String field = "f" + thread + "_" + i;
            if (i % 2 == 0) {
              v.validateProvision("p", params("size", i % 4 == 0 ? "small" : "large"));
            } else {
              try {
                v.validateProvision("p", params("size", "small", field, i));
                throw new AssertionError("accepted " + field);
              } catch (ServiceBrokerException e) {
                assertThat(e.description()).isEqualTo("Invalid parameters: $." + field
                    + ": is not an allowed parameter");
              }
            }
            checked++;
          }
          return checked;
        }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> f : results) {
        total += f.get(30, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }
}

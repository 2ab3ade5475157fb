package io.github.osbsdk.broker.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Provision, update and bind bodies, structure-aware: a valid body with a few structural
 * mutations (any value replaced, fields removed or added, deep nesting), sometimes with its bytes
 * damaged, sent through the real filters and resources. Property: {@link OsbAnswerProperty}.
 */
class RequestBodyFuzzTest {
  /** Writes the deep trees the fuzzer builds (the broker's own reader limits what it accepts). */
  private static final ObjectMapper WRITER = new ObjectMapper(JsonFactory.builder()
      .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(100_000).build())
      .build());
  private static final JsonNode PROVISION = read("{\"service_id\":\"svc-1\",\"plan_id\":"
      + "\"plan-schema\",\"organization_guid\":\"org\",\"space_guid\":\"space\",\"context\":"
      + "{\"platform\":\"ibmcloud\",\"account_id\":\"acct\",\"crn\":\"crn:v1:bluemix:public:"
      + "fuzz-service:us-south:a/acct:inst-1::\",\"resource_group_crn\":\"crn:v1:rg\","
      + "\"target_crn\":\"crn:v1:target\"},\"parameters\":{\"size\":3,\"name\":\"abc\"},"
      + "\"maintenance_info\":{\"version\":\"1.0.0\"}}");
  private static final JsonNode UPDATE = read("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
      + "\"context\":{\"platform\":\"cloudfoundry\"},\"parameters\":{\"size\":4},"
      + "\"previous_values\":{\"plan_id\":\"plan-sync\",\"service_id\":\"svc-1\","
      + "\"organization_id\":\"org\",\"space_id\":\"space\",\"maintenance_info\":"
      + "{\"version\":\"1.0.0\"}},\"maintenance_info\":{\"version\":\"1.0.0\"}}");
  private static final JsonNode BIND = read("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
      + "\"app_guid\":\"app\",\"bind_resource\":{\"app_guid\":\"app\",\"route\":\"r.example\"},"
      + "\"context\":{\"platform\":\"cloudfoundry\"},\"parameters\":{\"size\":1}}");
  private static final List<String> PLANS_OF_INSTANCES = List.of("plan-sync", "plan-fixed",
      "plan-schema", "plan-async");

  private static InMemoryBroker broker;
  private static long executions;

  @BeforeAll
  static void start() {
    broker = new InMemoryBroker();
    provisionExistingInstances();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  /** Instances {@code inst-0..3}, one per plan, so updates and binds reach the provider. */
  private static void provisionExistingInstances() {
    for (int i = 0; i < PLANS_OF_INSTANCES.size(); i++) {
      String body = "{\"service_id\":\"svc-1\",\"plan_id\":\"" + PLANS_OF_INSTANCES.get(i)
          + "\",\"context\":{\"platform\":\"cloudfoundry\"},\"parameters\":{\"size\":1}}";
      Map<String, List<String>> h = Fuzzed.platformHeaders();
      h.put("Content-Type", List.of("application/json"));
      broker.send("PUT", "/v2/service_instances/inst-" + i + "?accepts_incomplete=true", h,
          body.getBytes(StandardCharsets.UTF_8));
    }
  }

  @FuzzTest(maxDuration = "3s")
  void provisionUpdateAndBindBodiesAlwaysGetAnOsbAnswer(FuzzedDataProvider data) {
    if (++executions % 100_000 == 0) { // keep the registry small on long runs
      broker.close();
      broker = new InMemoryBroker();
      provisionExistingInstances();
    }
    int endpoint = data.consumeInt(0, 2);
    String instance = data.consumeBoolean() ? "inst-" + data.consumeInt(0, 4)
        : Fuzzed.segment(data);
    String method;
    String path;
    JsonNode valid;
    switch (endpoint) {
      case 0 -> {
        method = "PUT";
        path = "/v2/service_instances/" + instance;
        valid = PROVISION;
      }
      case 1 -> {
        method = "PATCH";
        path = "/v2/service_instances/" + instance;
        valid = UPDATE;
      }
      default -> {
        method = "PUT";
        path = "/v2/service_instances/" + instance + "/service_bindings/b-"
            + data.consumeInt(0, 3);
        valid = BIND;
      }
    }
    switch (data.consumeInt(0, 3)) {
      case 0 -> { }
      case 1 -> path += "?accepts_incomplete=true";
      case 2 -> path += "?accepts_incomplete=false";
      default -> path += "?accepts_incomplete=" + Fuzzed.queryValue(data.consumeString(8));
    }
    Map<String, List<String>> headers = Fuzzed.platformHeaders();
    headers.put("Content-Type", List.of(data.consumeBoolean() ? "application/json"
        : data.pickValue(List.of("application/json; charset=utf-8", "text/plain",
            "application/json;charset=utf-16", "application/*", "", "application/jsonx",
            "APPLICATION/JSON", "application/merge-patch+json"))));
    byte[] body = body(data, valid);
    if (data.consumeBoolean()) {
      headers.put("Content-Length", List.of(data.consumeBoolean()
          ? Integer.toString(body.length) : data.consumeString(12)));
    }
    InMemoryBroker.Reply reply = broker.send(method, path, headers, body);
    OsbAnswerProperty.check(method, reply, method + " " + path + " " + headers + " "
        + new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] body(FuzzedDataProvider data, JsonNode valid) {
    byte[] bytes;
    try {
      bytes = WRITER.writeValueAsBytes(Fuzzed.mutate(data, valid));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    switch (data.consumeInt(0, 5)) {
      case 0 -> { // truncated
        return java.util.Arrays.copyOf(bytes, data.consumeInt(0, bytes.length));
      }
      case 1 -> { // one byte replaced
        if (bytes.length > 0) {
          bytes[data.consumeInt(0, bytes.length - 1)] = data.consumeByte();
        }
        return bytes;
      }
      case 2 -> { // trailing content
        byte[] tail = data.consumeBytes(16);
        byte[] all = java.util.Arrays.copyOf(bytes, bytes.length + tail.length);
        System.arraycopy(tail, 0, all, bytes.length, tail.length);
        return all;
      }
      default -> {
        return bytes;
      }
    }
  }

  private static JsonNode read(String json) {
    try {
      return WRITER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

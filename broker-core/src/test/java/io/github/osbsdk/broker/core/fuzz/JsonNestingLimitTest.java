package io.github.osbsdk.broker.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies nested right at Jackson's default limit of 1000 levels, which the body fuzz target's
 * random nesting seldom hits exactly: every depth gets an answer below 500 (an OSB error or the
 * created instance) on provision, bind and update, also against a recursive schema, which the
 * validator would follow level by level.
 */
class JsonNestingLimitTest {
  private static InMemoryBroker broker;

  @BeforeAll
  static void start() {
    broker = new InMemoryBroker();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  /** {@code depth} nested arrays around an empty object. */
  private static String nested(int depth) {
    return "[".repeat(depth) + "{}" + "]".repeat(depth);
  }

  private static InMemoryBroker.Reply send(String method, String path, String json) {
    Map<String, List<String>> h = Fuzzed.platformHeaders();
    h.put("Content-Type", List.of("application/json"));
    return broker.send(method, path, h, json.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(ints = {10, 500, 990, 995, 996, 997, 998, 999, 1000, 1001, 1200})
  void deeplyNestedParametersGetAnOsbAnswerBelow500(int depth) {
    String id = "deep-" + depth;
    String body = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\",\"context\":"
        + "{\"platform\":\"cloudfoundry\"},\"parameters\":{\"a\":" + nested(depth) + "}}";

    InMemoryBroker.Reply provision = send("PUT", "/v2/service_instances/" + id, body);
    OsbAnswerProperty.check("PUT", provision, "provision at depth " + depth);
    assertThat(provision.status()).as(provision.toString()).isIn(201, 400);

    InMemoryBroker.Reply bind = send("PUT", "/v2/service_instances/" + id
        + "/service_bindings/b", body);
    OsbAnswerProperty.check("PUT", bind, "bind at depth " + depth);

    InMemoryBroker.Reply update = send("PATCH", "/v2/service_instances/" + id, body);
    OsbAnswerProperty.check("PATCH", update, "update at depth " + depth);
  }

  /** {@code depth} nested objects around an empty object. */
  private static String nestedObjects(int depth) {
    return "{\"a\":".repeat(depth) + "{}" + "}".repeat(depth);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 800, 997})
  void deeplyNestedParametersAgainstARecursiveSchemaAreRefusedWith400(int depth) {
    String id = "tree-" + depth;
    InMemoryBroker.Reply created = send("PUT", "/v2/service_instances/" + id, "{\"service_id\":"
        + "\"svc-1\",\"plan_id\":\"plan-tree\",\"context\":{\"platform\":\"cloudfoundry\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String body = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-tree\",\"context\":"
        + "{\"platform\":\"cloudfoundry\"},\"parameters\":" + nestedObjects(depth) + "}";
    for (InMemoryBroker.Reply r : List.of(
        send("PUT", "/v2/service_instances/" + id + "-new", body),
        send("PATCH", "/v2/service_instances/" + id, body),
        send("PUT", "/v2/service_instances/" + id + "/service_bindings/b", body))) {
      assertThat(r.status()).as(r.toString()).isEqualTo(400);
      assertThat(r.toString()).contains("Invalid parameters: nested more than 100 levels deep.");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {10, 990, 996, 997, 998, 999, 1000, 1001})
  void deeplyNestedContextGetsAnOsbAnswerBelow500(int depth) {
    String body = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\",\"context\":"
        + "{\"platform\":\"cloudfoundry\",\"x\":" + nested(depth) + "}}";
    InMemoryBroker.Reply provision = send("PUT", "/v2/service_instances/ctx-" + depth, body);
    OsbAnswerProperty.check("PUT", provision, "provision with context at depth " + depth);
  }
}

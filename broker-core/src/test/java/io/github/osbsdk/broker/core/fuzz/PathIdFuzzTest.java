package io.github.osbsdk.broker.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Ids in paths: raw bytes (percent-encoded as a client would), the fuzzer's own percent escapes,
 * dot segments, CRNs, very long ids, and extra or missing segments, on every route and method.
 * Property: {@link OsbAnswerProperty}.
 */
class PathIdFuzzTest {
  private static final List<String> METHODS =
      List.of("GET", "PUT", "PATCH", "DELETE", "POST", "HEAD", "OPTIONS");
  private static final String PROVISION = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
      + "\"context\":{\"platform\":\"cloudfoundry\"},\"parameters\":{}}";
  private static final String INSTANCE_STATE = "{\"enabled\":false,\"initiator\":\"cf\","
      + "\"reason_code\":\"IBMCLOUD_ACCT_SUSPEND\"}";

  private static InMemoryBroker broker;
  private static long executions;

  @BeforeAll
  static void start() {
    broker = new InMemoryBroker();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @FuzzTest(maxDuration = "3s")
  void idsInPathsAlwaysGetAnOsbAnswer(FuzzedDataProvider data) {
    if (++executions % 100_000 == 0) { // keep the registry small on long runs
      broker.close();
      broker = new InMemoryBroker();
    }
    String method = data.pickValue(METHODS);
    String instance = Fuzzed.segment(data);
    String path = switch (data.consumeInt(0, 7)) {
      case 0 -> "/v2/service_instances/" + instance;
      case 1 -> "/v2/service_instances/" + instance + "/last_operation";
      case 2 -> "/v2/service_instances/" + instance + "/service_bindings/" + Fuzzed.segment(data);
      case 3 -> "/v2/service_instances/" + instance + "/service_bindings/" + Fuzzed.segment(data)
          + "/last_operation";
      case 4 -> "/bluemix_v1/service_instances/" + instance;
      case 5 -> "/v2/" + instance;
      case 6 -> "/v2/service_instances/" + instance + "/" + Fuzzed.segment(data);
      default -> "/" + data.pickValue(List.of("v2", "bluemix_v1", "v2/catalog",
          "v2/service_instances", "v2/service_instances/")) + "/" + instance;
    };
    if (data.consumeBoolean()) {
      path += "?" + data.pickValue(List.of("accepts_incomplete", "service_id", "plan_id",
          "operation")) + "=" + Fuzzed.queryValue(data.consumeString(16));
    }
    Map<String, List<String>> headers = Fuzzed.platformHeaders();
    byte[] body = null;
    if (method.equals("PUT") || method.equals("PATCH") || method.equals("POST")) {
      headers.put("Content-Type", List.of("application/json"));
      body = (path.startsWith("/bluemix_v1") ? INSTANCE_STATE : PROVISION)
          .getBytes(StandardCharsets.UTF_8);
    }
    InMemoryBroker.Reply reply = broker.send(method, path, headers, body);
    OsbAnswerProperty.check(method, reply, method + " " + path);
  }
}

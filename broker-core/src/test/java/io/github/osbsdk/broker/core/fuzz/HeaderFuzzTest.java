package io.github.osbsdk.broker.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Headers: {@code X-Broker-API-Version}, {@code X-Broker-API-Originating-Identity} (platform plus
 * base64 JSON, well-formed or not), {@code Content-Type}, {@code Content-Length},
 * {@code X-Broker-API-Request-Identity}, {@code Authorization}, IBM's region and transaction id,
 * and repeated headers. Values are what an HTTP/1.1 server hands over: Latin-1 without controls.
 * Property: {@link OsbAnswerProperty}.
 */
class HeaderFuzzTest {
  private static final String PROVISION = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
      + "\"context\":{\"platform\":\"cloudfoundry\"},\"parameters\":{}}";
  private static final List<String> NAMES = List.of("X-Broker-API-Version",
      "X-Broker-API-Originating-Identity", "Content-Type", "Content-Length",
      "X-Broker-API-Request-Identity", "Authorization", "X-Bluemix-Region", "Transaction-Id",
      "Accept", "Accept-Charset", "Content-Encoding");
  private static final List<String> VERSIONS = List.of("2.17", "2.13", "2.12", "2.99", "3.0",
      "1.17", "2", "2.", ".17", "2.17.1", "2.017", "02.17", " 2.17 ", "2.1e1", "2.-1",
      "2.2147483648", "99999999999999999999.1", "2.17,2.16", "");

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
  void platformHeadersAlwaysGetAnOsbAnswer(FuzzedDataProvider data) {
    if (++executions % 100_000 == 0) { // keep the registry small on long runs
      broker.close();
      broker = new InMemoryBroker();
    }
    Map<String, List<String>> headers = Fuzzed.platformHeaders();
    headers.put("Content-Type", new ArrayList<>(List.of("application/json")));
    int n = data.consumeInt(1, 4);
    for (int i = 0; i < n; i++) {
      String name = data.pickValue(NAMES);
      String value = value(data, name);
      if (data.consumeBoolean()) {
        headers.put(name, new ArrayList<>(List.of(value)));
      } else { // a repeated header
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }
    }
    String method;
    String path;
    byte[] body = null;
    switch (data.consumeInt(0, 3)) {
      case 0 -> {
        method = "GET";
        path = "/v2/catalog";
      }
      case 1 -> {
        method = "PUT";
        path = "/v2/service_instances/i-" + data.consumeInt(0, 3) + "?accepts_incomplete=true";
        body = PROVISION.getBytes(StandardCharsets.UTF_8);
      }
      case 2 -> {
        method = "GET";
        path = "/v2/service_instances/i-" + data.consumeInt(0, 3) + "/last_operation";
      }
      default -> {
        method = "GET";
        path = "/bluemix_v1/service_instances/i-" + data.consumeInt(0, 3);
      }
    }
    InMemoryBroker.Reply reply = broker.send(method, path, headers, body);
    OsbAnswerProperty.check(method, reply, method + " " + path + " " + headers);
  }

  private static String value(FuzzedDataProvider data, String name) {
    return switch (data.consumeInt(0, 2)) {
      case 0 -> latin1(data.consumeString(64));
      case 1 -> switch (name) {
        case "X-Broker-API-Version" -> data.pickValue(VERSIONS);
        case "X-Broker-API-Originating-Identity" -> latin1(data.consumeString(12)) + " "
            + (data.consumeBoolean() ? Base64.getEncoder().encodeToString(
                Fuzzed.value(data, 3).toString().getBytes(StandardCharsets.UTF_8))
            : latin1(data.consumeString(32)));
        case "Content-Length" -> data.pickValue(List.of("0", "-1", "1", "99999999999",
            "9223372036854775808", "1e3", " 10", "0x10", ""));
        case "Authorization" -> data.pickValue(List.of(InMemoryBroker.BASIC, "Basic ",
            "Basic =", "Bearer x", "basic " + InMemoryBroker.BASIC.substring(6),
            "Basic " + Base64.getEncoder().encodeToString(latin1(data.consumeString(24))
                .getBytes(StandardCharsets.ISO_8859_1))));
        default -> data.pickValue(List.of("application/json", "application/json; charset=x",
            "*/*", "text/html", "application/json;q=0", "utf-8", "gzip", "", " "));
      };
      default -> "cloudfoundry " + Base64.getEncoder().encodeToString(
          ("{\"user_id\":\"" + latin1(data.consumeString(16)) + "\"}")
              .getBytes(StandardCharsets.UTF_8));
    };
  }

  /** What an HTTP/1.1 server delivers as a header value: Latin-1, tab but no other control. */
  private static String latin1(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = (char) (s.charAt(i) & 0xff);
      b.append(c < 0x20 && c != '\t' || c == 0x7f ? '?' : c);
    }
    return b.toString().strip();
  }
}

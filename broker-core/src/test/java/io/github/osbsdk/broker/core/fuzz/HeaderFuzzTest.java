package io.github.osbsdk.broker.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.RequestContext;
import java.io.IOException;
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
 * and repeated headers, on a catalog, a provision, an update without a context (no
 * {@code context.platform} to compare the identity's platform with), a poll and IBM's state.
 * Values are Latin-1 bytes with control characters, DEL and bytes from 0x80 up: Grizzly and
 * Undertow hand control characters over (CR and LF too here, which no server delivers, so nothing
 * rests on the server refusing them). Property: {@link OsbAnswerProperty}, and no control
 * character (C0, DEL or C1) reaches the provider's request context (the originating identity's
 * properties included) or an answer's body or request id.
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

  private static final String UPDATE = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\"}";
  private static final List<String> IBM_VALUES = List.of("us-south", "eu-de", "tx-1",
      "a1b2c3d4-0000-4000-8000-000000000001", "");
  private static final ObjectMapper JSON = new ObjectMapper();

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
    switch (data.consumeInt(0, 4)) {
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
      case 3 -> {
        method = "PATCH";
        path = "/v2/service_instances/u-0";
        body = UPDATE.getBytes(StandardCharsets.UTF_8);
        provisioned(path); // an update reaches the provider only for a known instance
      }
      default -> {
        method = "GET";
        path = "/bluemix_v1/service_instances/i-" + data.consumeInt(0, 3);
      }
    }
    broker.provider.lastContext = null;
    InMemoryBroker.Reply reply = broker.send(method, path, headers, body);
    String request = method + " " + path + " " + headers;
    OsbAnswerProperty.check(method, reply, request);
    noControlReachedTheProvider(broker.provider.lastContext, request);
    noControlInTheAnswer(reply, request);
  }

  /** Provisions the instance with well-formed headers (a repeat is answered from the registry). */
  private static void provisioned(String path) {
    Map<String, List<String>> headers = Fuzzed.platformHeaders();
    headers.put("Content-Type", new ArrayList<>(List.of("application/json")));
    InMemoryBroker.Reply reply = broker.send("PUT", path, headers,
        PROVISION.getBytes(StandardCharsets.UTF_8));
    if (reply.status() != 200 && reply.status() != 201) {
      throw new AssertionError("provision of " + path + " -> " + reply);
    }
  }

  private static void noControlReachedTheProvider(RequestContext context, String request) {
    if (context == null) {
      return;
    }
    List<String> fromHeaders = new ArrayList<>(List.of(context.requestId()));
    fromHeaders.add(context.region());
    fromHeaders.add(context.transactionId());
    if (context.originatingIdentity() != null) {
      fromHeaders.add(context.originatingIdentity().platform());
      // keys and values, nested ones included
      fromHeaders.add(String.valueOf(context.originatingIdentity().properties()));
    }
    if (context.caller() != null) {
      fromHeaders.add(context.caller().id());
    }
    for (String value : fromHeaders) {
      if (hasControl(value)) {
        throw new AssertionError("control character reached the provider for " + request
            + "\n -> " + context);
      }
    }
  }

  private static void noControlInTheAnswer(InMemoryBroker.Reply reply, String request) {
    if (hasControl(reply.requestId())) {
      throw new AssertionError("control character in the request id of the answer to "
          + request + "\n -> " + reply.requestId());
    }
    JsonNode body;
    try {
      body = reply.body().length == 0 ? null : JSON.readTree(reply.body());
    } catch (IOException e) {
      body = null; // not JSON (an answer outside the SDK's paths): its raw text is checked
      if (hasControl(reply.text())) {
        throw new AssertionError("control character in the answer to " + request + "\n -> "
            + reply);
      }
    }
    if (body != null && hasControlInside(body)) {
      throw new AssertionError("control character in the answer to " + request + "\n -> "
          + reply);
    }
  }

  /** Whether a JSON value holds a control character in any string or field name. */
  private static boolean hasControlInside(JsonNode node) {
    if (node.isTextual()) {
      return hasControl(node.textValue());
    }
    for (var field : node.properties()) {
      if (hasControl(field.getKey()) || hasControlInside(field.getValue())) {
        return true;
      }
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (hasControlInside(element)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A control character as the SDK refuses it: C0, DEL or C1 (0x80 to 0x9F). */
  private static boolean hasControl(String s) {
    if (s == null) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static String value(FuzzedDataProvider data, String name) {
    return switch (data.consumeInt(0, 3)) {
      case 0 -> latin1(data.consumeString(64));
      case 1 -> switch (name) {
        case "X-Broker-API-Version" -> data.pickValue(VERSIONS);
        case "X-Broker-API-Originating-Identity" -> latin1(data.consumeString(12)) + " "
            + (data.consumeBoolean() ? Base64.getEncoder().encodeToString(
                Fuzzed.value(data, 3).toString().getBytes(StandardCharsets.UTF_8))
            : latin1(data.consumeString(32)));
        case "Content-Length" -> data.pickValue(List.of("0", "-1", "1", "99999999999",
            "9223372036854775808", "1e3", " 10", "0x10", ""));
        case "X-Bluemix-Region", "Transaction-Id" -> data.pickValue(IBM_VALUES);
        case "Authorization" -> data.pickValue(List.of(InMemoryBroker.BASIC, "Basic ",
            "Basic =", "Bearer x", "basic " + InMemoryBroker.BASIC.substring(6),
            "Basic " + Base64.getEncoder().encodeToString(latin1(data.consumeString(24))
                .getBytes(StandardCharsets.ISO_8859_1))));
        default -> data.pickValue(List.of("application/json", "application/json; charset=x",
            "*/*", "text/html", "application/json;q=0", "utf-8", "gzip", "", " "));
      };
      case 2 -> "cloudfoundry " + Base64.getEncoder().encodeToString(
          ("{\"user_id\":\"" + latin1(data.consumeString(16)) + "\"}")
              .getBytes(StandardCharsets.UTF_8));
      default -> withControl(data, data.pickValue(List.of(InMemoryBroker.BASIC, "2.17",
          "us-south", "tx-1", "application/json", "req-1", "cloudfoundry "
          + Base64.getEncoder().encodeToString("{\"user_id\":\"u\"}".getBytes(
              StandardCharsets.UTF_8)))));
    };
  }

  /** A well-formed value with one control character (C0, DEL or C1) put in anywhere. */
  private static String withControl(FuzzedDataProvider data, String value) {
    int at = data.consumeInt(0, value.length());
    int control = data.consumeInt(0, 0x40); // 0x20: DEL; from 0x21: C1
    return value.substring(0, at)
        + (char) (control < 0x20 ? control : control == 0x20 ? 0x7f : 0x80 + control - 0x21)
        + value.substring(at);
  }

  /**
   * A header value as a server decodes its bytes: Latin-1, control characters, DEL and 0x80 to
   * 0xff included, the spaces and tabs around it trimmed.
   */
  private static String latin1(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      b.append((char) (s.charAt(i) & 0xff));
    }
    int start = 0;
    int end = b.length();
    while (start < end && (b.charAt(start) == ' ' || b.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (b.charAt(end - 1) == ' ' || b.charAt(end - 1) == '\t')) {
      end--;
    }
    return b.substring(start, end);
  }
}

package io.github.osbsdk.broker.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Turns fuzzer bytes into the pieces of a broker request: ids, path segments, JSON values. */
final class Fuzzed {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String UNRESERVED =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";
  /** Characters a path segment may carry unencoded besides the unreserved ones. */
  private static final String SEGMENT_EXTRA = "!$&'()*+,;=:@";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  /** Ids that mean something to the SDK, a browser or IBM Cloud. */
  static final List<String> SPECIAL_IDS = List.of(".", "..", "%2e", "%2E%2E", ".%2e", "%2f",
      "a%2Fb", "%2F..%2F", "..%2F..", "%00", "%C0%AE", "%ED%A0%80", "%FF", "%25", "%252e",
      "crn:v1:bluemix:public:fuzz-service:us-south:a%2F0123456789abcdef:inst-1::",
      "crn%3Av1%3Abluemix%3Apublic%3Afuzz-service%3Aus-south%3Aa%2Facct%3Ainst-1%3A%3A",
      "~", "-", "%20", "+", ";", "a;b=c", "%3F", "%23", "x".repeat(4097));

  private Fuzzed() {}

  /** A path segment: a known tricky id, a short token, or any bytes percent-encoded. */
  static String segment(FuzzedDataProvider data) {
    return switch (data.consumeInt(0, 4)) {
      case 0 -> data.pickValue(SPECIAL_IDS);
      case 1 -> "inst-" + data.consumeInt(0, 3);
      case 2 -> encodeSegment(data.consumeBytes(data.consumeInt(0, 64)), data.consumeBoolean());
      default -> encodeSegment(data.consumeString(64).getBytes(StandardCharsets.UTF_8),
          data.consumeBoolean());
    };
  }

  /**
   * Percent-encodes bytes for a path segment; with {@code keepPercent} a {@code %} followed by
   * two hex digits stays as it is, so the fuzzer can write its own escapes.
   */
  static String encodeSegment(byte[] bytes, boolean keepPercent) {
    StringBuilder b = new StringBuilder(bytes.length * 3);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      boolean escape = c == '%' && keepPercent && i + 2 < bytes.length
          && Character.digit(bytes[i + 1], 16) >= 0 && Character.digit(bytes[i + 2], 16) >= 0
          && bytes[i + 1] < 0x80 && bytes[i + 2] < 0x80;
      if (escape || c < 0x80 && (UNRESERVED.indexOf(c) >= 0 || SEGMENT_EXTRA.indexOf(c) >= 0)) {
        b.append((char) c);
      } else {
        b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return b.toString();
  }

  /** A query value: percent-encoded so the request URI stays parseable. */
  static String queryValue(String value) {
    return encodeSegment(value.getBytes(StandardCharsets.UTF_8), false);
  }

  /** A JSON value of any type, at most {@code depth} levels deep. */
  static JsonNode value(FuzzedDataProvider data, int depth) {
    switch (data.consumeInt(0, depth > 0 ? 9 : 7)) {
      case 0: return NODES.nullNode();
      case 1: return NODES.booleanNode(data.consumeBoolean());
      case 2: return NODES.numberNode(data.consumeInt());
      case 3: return NODES.numberNode(data.consumeLong());
      case 4: return NODES.numberNode(data.consumeDouble());
      case 5: return NODES.numberNode(new java.math.BigDecimal(
          java.math.BigInteger.valueOf(data.consumeLong()).shiftLeft(data.consumeInt(0, 200)),
          data.consumeInt(-400, 400)));
      case 6: return NODES.textNode(data.consumeString(32));
      case 7: return NODES.textNode(data.pickValue(FuzzServiceBroker.PLANS));
      case 8: {
        ObjectNode o = NODES.objectNode();
        int n = data.consumeInt(0, 3);
        for (int i = 0; i < n; i++) {
          o.set(data.consumeString(8), value(data, depth - 1));
        }
        return o;
      }
      default: {
        ArrayNode a = NODES.arrayNode();
        int n = data.consumeInt(0, 3);
        for (int i = 0; i < n; i++) {
          a.add(value(data, depth - 1));
        }
        return a;
      }
    }
  }

  /**
   * Applies a few structural mutations to a (copy of a) valid body: replace a value anywhere,
   * remove a field, add a field, or nest deeply (once, up to a little past Jackson's default
   * limit of 1000 levels: deeper only tests the fuzz test's own recursion).
   */
  static JsonNode mutate(FuzzedDataProvider data, JsonNode valid) {
    JsonNode root = valid.deepCopy();
    boolean nested = false;
    int n = data.consumeInt(0, 4);
    for (int i = 0; i < n; i++) {
      List<JsonNode> containers = new ArrayList<>();
      collectContainers(root, containers);
      JsonNode target = data.pickValue(containers);
      if (target instanceof ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        int op = data.consumeInt(0, 3);
        if (names.isEmpty() || op == 0) {
          o.set(data.consumeBoolean() ? data.consumeString(16) : data.pickValue(FIELDS),
              value(data, 3));
        } else if (op == 1) {
          o.remove(data.pickValue(names));
        } else if (op == 2) {
          o.set(data.pickValue(names), value(data, 3));
        } else if (!nested) {
          nested = true;
          o.set(data.pickValue(names), deep(data.consumeInt(1, 1100)));
        }
      } else if (target instanceof ArrayNode a) {
        a.add(value(data, 2));
      }
    }
    return root;
  }

  /** Field names the SDK reads in provision, update and bind bodies. */
  private static final List<String> FIELDS = List.of("service_id", "plan_id", "context",
      "parameters", "organization_guid", "space_guid", "maintenance_info", "previous_values",
      "bind_resource", "app_guid", "route", "platform", "version", "size", "name",
      "credential_client_id", "instance_name", "crn", "resource_group_crn", "target_crn",
      "account_id");

  private static JsonNode deep(int levels) {
    JsonNode node = NODES.objectNode();
    for (int i = 0; i < levels; i++) {
      node = i % 2 == 0 ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
    }
    return node;
  }

  private static void collectContainers(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      Iterator<JsonNode> children = node.elements();
      while (children.hasNext()) {
        collectContainers(children.next(), out);
      }
    }
  }

  /** Headers with the usual platform values. */
  static Map<String, List<String>> platformHeaders() {
    Map<String, List<String>> h = new java.util.LinkedHashMap<>();
    h.put("X-Broker-API-Version", new ArrayList<>(List.of("2.17")));
    h.put("Authorization", new ArrayList<>(List.of(InMemoryBroker.BASIC)));
    return h;
  }
}

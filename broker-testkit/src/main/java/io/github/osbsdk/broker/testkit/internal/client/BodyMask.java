package io.github.osbsdk.broker.testkit.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A broker's body as reports may show it: the values of every {@code credentials} field are
 * masked, whatever their type and depth, and a body that is not JSON but mentions credentials is
 * withheld, since the kit cannot tell which part of it is secret.
 */
public final class BodyMask {
  private static final String FIELD = "credentials";
  private static final TextNode MASK = TextNode.valueOf("****");

  private BodyMask() {}

  /**
   * @param json the body as JSON, null when it is not JSON
   * @param raw the body as received
   * @return the body to show
   */
  public static String mask(JsonNode json, String raw) {
    if (json == null) {
      return raw.toLowerCase(Locale.ROOT).contains(FIELD)
          ? "(" + raw.length() + " chars not shown: the body is not JSON and mentions "
              + FIELD + ")"
          : raw;
    }
    if (json.findParent(FIELD) == null) {
      return raw;
    }
    JsonNode copy = json.deepCopy();
    maskIn(copy);
    return copy.toString();
  }

  private static void maskIn(JsonNode node) {
    if (node instanceof ObjectNode o) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(o.properties());
      for (Map.Entry<String, JsonNode> f : fields) {
        if (FIELD.equals(f.getKey()) && f.getValue() instanceof ObjectNode creds) {
          List<String> names = new ArrayList<>();
          creds.fieldNames().forEachRemaining(names::add);
          names.forEach(n -> creds.set(n, MASK));
        } else if (FIELD.equals(f.getKey()) && !f.getValue().isNull()) {
          o.set(FIELD, MASK);
        } else {
          maskIn(f.getValue());
        }
      }
    } else if (node instanceof ArrayNode a) {
      a.forEach(BodyMask::maskIn);
    }
  }
}

package io.github.osbsdk.broker.testkit.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.osbsdk.broker.api.internal.UrlSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A broker's body as reports may show it: the values of every {@code credentials} field, and of
 * every volume mount's {@code mount_config} (which may hold the share's user and password), are
 * masked, whatever their type and depth, and a body that is not JSON but mentions either is
 * withheld, since the kit cannot tell which part of it is secret. The URLs OSB answers carry
 * ({@code dashboard_url}, {@code syslog_drain_url}, {@code route_service_url}) keep their form
 * but lose their user info and query values, as {@link UrlSecrets} masks them: a token may ride
 * in them.
 */
public final class BodyMask {
  private static final List<String> FIELDS = List.of("credentials", "mount_config");
  private static final Set<String> URL_FIELDS =
      Set.of("dashboard_url", "syslog_drain_url", "route_service_url");
  private static final TextNode MASK = TextNode.valueOf("****");

  private BodyMask() {}

  /**
   * @param json the body as JSON, null when it is not JSON
   * @param raw the body as received
   * @return the body to show
   */
  public static String mask(JsonNode json, String raw) {
    if (json == null) {
      String lower = raw.toLowerCase(Locale.ROOT);
      return FIELDS.stream().filter(lower::contains).findFirst()
          .map(f -> "(" + raw.length() + " chars not shown: the body is not JSON and mentions "
              + f + ")")
          .orElse(raw);
    }
    JsonNode copy = json.deepCopy();
    return maskIn(copy) ? copy.toString() : raw;
  }

  /**
   * Masks credentials and URLs in place.
   *
   * @return whether the node holds a {@code credentials} or {@code mount_config} field or a URL
   *     that was masked
   */
  private static boolean maskIn(JsonNode node) {
    boolean touched = false;
    if (node instanceof ObjectNode o) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(o.properties());
      for (Map.Entry<String, JsonNode> f : fields) {
        if (FIELDS.contains(f.getKey())) {
          touched = true;
          if (f.getValue() instanceof ObjectNode creds) {
            List<String> names = new ArrayList<>();
            creds.fieldNames().forEachRemaining(names::add);
            names.forEach(n -> creds.set(n, MASK));
          } else if (!f.getValue().isNull()) {
            o.set(f.getKey(), MASK);
          }
        } else if (URL_FIELDS.contains(f.getKey()) && f.getValue().isTextual()) {
          String url = f.getValue().asText();
          String masked = UrlSecrets.maskUrl(url);
          if (!masked.equals(url)) {
            o.put(f.getKey(), masked);
            touched = true;
          }
        } else {
          touched |= maskIn(f.getValue());
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (JsonNode element : a) {
        touched |= maskIn(element);
      }
    }
    return touched;
  }
}

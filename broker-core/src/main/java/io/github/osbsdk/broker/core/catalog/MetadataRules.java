package io.github.osbsdk.broker.core.catalog;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Conventional metadata keys (OSB {@code profile.md} "Service Metadata"; IBM Cloud uses the same
 * keys). Metadata is opaque to the spec, so only the types of these well-known keys are checked,
 * and only as warnings: a platform shows garbage or nothing when they are wrong.
 */
final class MetadataRules {
  private static final Set<String> SERVICE_TEXT =
      Set.of("displayName", "longDescription", "providerDisplayName");
  private static final Set<String> SERVICE_URL = Set.of("imageUrl", "documentationUrl",
      "supportUrl", "instructionsUrl", "termsUrl");

  private MetadataRules() {}

  static void service(Problems p, String path, String serviceName,
      Map<String, Object> metadata) {
    if (metadata == null) {
      return;
    }
    JsonValues.check(p, "service " + MessageValues.quote(String.valueOf(serviceName)), path,
        metadata);
    for (String key : SERVICE_TEXT) {
      text(p, path + "." + key, metadata.get(key));
    }
    for (String key : SERVICE_URL) {
      Object value = metadata.get(key);
      if (text(p, path + "." + key, value) && !isWebUrl((String) value)) {
        p.warning(path + "." + key, "should be an absolute http(s) or data URL");
      }
    }
  }

  static void plan(Problems p, String path, String planName, Map<String, Object> metadata) {
    if (metadata == null) {
      return;
    }
    JsonValues.check(p, "plan " + MessageValues.quote(String.valueOf(planName)), path,
        metadata);
    text(p, path + ".displayName", metadata.get("displayName"));
    Object bullets = metadata.get("bullets");
    if (bullets != null && !(bullets instanceof List<?> list
        && list.stream().allMatch(b -> b instanceof String))) {
      p.warning(path + ".bullets", "should be an array of strings");
    }
    Object costs = metadata.get("costs");
    if (costs == null) {
      return;
    }
    if (!(costs instanceof List<?> list
        && list.stream().allMatch(c -> c instanceof Map<?, ?> m
            && m.get("amount") instanceof Map<?, ?> && m.get("unit") instanceof String))) {
      p.warning(path + ".costs", "should be an array of {\"amount\": {currency: value}, "
          + "\"unit\": string} objects");
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      Map<?, ?> amount = (Map<?, ?>) ((Map<?, ?>) list.get(i)).get("amount");
      for (Map.Entry<?, ?> e : amount.entrySet()) {
        String why = notAnAmount(e.getValue());
        if (why != null) {
          p.warning(path + ".costs[" + i + "].amount." + MessageValues.pathKey(e.getKey()),
              "plan " + MessageValues.quote(String.valueOf(planName)) + ": " + why
                  + "; a price is a finite number of zero or more");
        }
      }
    }
  }

  /** @return why a cost amount is not a price, or null when it is one */
  private static String notAnAmount(Object value) {
    if (!(value instanceof Number n)) {
      return value instanceof String s ? "the string " + MessageValues.quote(s) + " is not a number"
          : (value == null ? "null" : "a " + value.getClass().getSimpleName())
              + " is not a number";
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      return null; // NaN and infinities: JsonValues warns, naming the plan too
    }
    boolean negative = n instanceof BigDecimal b ? b.signum() < 0
        : n instanceof BigInteger b ? b.signum() < 0 : d < 0;
    return negative ? n + " is negative" : null;
  }

  private static boolean text(Problems p, String path, Object value) {
    if (value == null) {
      return false;
    }
    if (!(value instanceof String)) {
      p.warning(path, "should be a string");
      return false;
    }
    return true;
  }

  private static boolean isWebUrl(String value) {
    if (value.startsWith("data:")) {
      return true;
    }
    try {
      URI uri = new URI(value);
      return uri.isAbsolute() && uri.getHost() != null
          && ("https".equalsIgnoreCase(uri.getScheme())
              || "http".equalsIgnoreCase(uri.getScheme()));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}

package io.github.osbsdk.broker.testkit.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A small JSON Schema (draft-04 subset) checker for the reference broker's own schemas:
 * {@code type}, {@code properties}, {@code required}, {@code additionalProperties: false},
 * {@code enum}, {@code minimum}, {@code maximum}, {@code minLength}, {@code maxLength}.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  /** @return null when valid, else a description of the first problem */
  static String problem(JsonNode schema, JsonNode value, String path) {
    if (schema == null || !schema.isObject()) {
      return null;
    }
    JsonNode type = schema.get("type");
    if (type != null && !typeMatches(type.asText(), value)) {
      return path + " must be of type " + type.asText();
    }
    JsonNode en = schema.get("enum");
    if (en != null && en.isArray()) {
      boolean found = false;
      for (JsonNode option : en) {
        found |= option.equals(value);
      }
      if (!found) {
        return path + " must be one of " + en;
      }
    }
    if (value.isNumber()) {
      if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
        return path + " must be >= " + schema.get("minimum");
      }
      if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
        return path + " must be <= " + schema.get("maximum");
      }
    }
    if (value.isTextual()) {
      int len = value.asText().codePointCount(0, value.asText().length());
      if (schema.has("minLength") && len < schema.get("minLength").asInt()) {
        return path + " is too short";
      }
      if (schema.has("maxLength") && len > schema.get("maxLength").asInt()) {
        return path + " is too long";
      }
    }
    if (value.isObject()) {
      return objectProblem(schema, value, path);
    }
    return null;
  }

  private static String objectProblem(JsonNode schema, JsonNode value, String path) {
    for (JsonNode req : schema.path("required")) {
      if (!value.has(req.asText())) {
        return path + "." + req.asText() + " is required";
      }
    }
    JsonNode props = schema.path("properties");
    boolean closed = schema.path("additionalProperties").isBoolean()
        && !schema.path("additionalProperties").asBoolean();
    for (Map.Entry<String, JsonNode> f : value.properties()) {
      JsonNode sub = props.get(f.getKey());
      if (sub == null) {
        if (closed) {
          return path + "." + f.getKey() + " is not allowed";
        }
        continue;
      }
      String p = problem(sub, f.getValue(), path + "." + f.getKey());
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private static boolean typeMatches(String type, JsonNode v) {
    return switch (type) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber()
          || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      case "null" -> v.isNull();
      default -> true;
    };
  }
}

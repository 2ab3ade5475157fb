package io.github.osbsdk.broker.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.core.internal.schema.JsonSchemas;
import io.github.osbsdk.broker.core.internal.schema.SchemaCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** OSB "Input Parameters Schema Object" rules for one {@code parameters} schema. */
final class SchemaRules {
  /** OSB: schemas MUST NOT be larger than 64kB (serialized, as bytes of compact UTF-8 JSON). */
  static final int MAX_SCHEMA_BYTES = 64 * 1024;
  /**
   * How deep objects and arrays may nest in a schema. Checking it against its meta-schema,
   * compiling it and validating parameters with it recurse several stack frames per level, so a
   * deeper schema could overflow the stack of the thread doing it (Jackson itself would write up
   * to 1000 levels); no real parameters schema comes near this.
   */
  static final int MAX_SCHEMA_DEPTH = 256;
  private static final int MAX_META_VIOLATIONS = 5;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SchemaRules() {}

  static void check(Problems p, String path, Map<String, Object> schema) {
    if (deeperThan(schema, MAX_SCHEMA_DEPTH)) {
      // checked on the Java objects: turning them into JSON would overflow the stack first
      p.error(path, "nests objects and arrays more than " + MAX_SCHEMA_DEPTH + " levels deep,"
          + " or holds itself: checking, compiling and applying it could overflow the stack,"
          + " and a schema holding itself cannot be written as JSON");
      return;
    }
    JsonNode node;
    byte[] bytes;
    try {
      node = MAPPER.valueToTree(schema);
      bytes = MAPPER.writeValueAsBytes(node);
    } catch (IllegalArgumentException | JsonProcessingException e) {
      p.error(path, "cannot be serialized as JSON: "
          + MessageValues.clean(String.valueOf(e.getMessage())));
      return;
    }
    if (bytes.length > MAX_SCHEMA_BYTES) {
      p.error(path, "is " + bytes.length + " bytes of JSON; the OSB spec allows at most 64kB ("
          + MAX_SCHEMA_BYTES + " bytes)");
    }
    List<String> notFinite = new ArrayList<>();
    collectNotFinite(node, "$", notFinite);
    for (String number : notFinite) {
      p.error(path, MessageValues.clean(number)
          + ": JSON has no such number, so the catalog would carry it as a "
          + "string, which is not a valid schema");
    }
    boolean dialectKnown = checkDialect(p, path, node.get("$schema"));
    List<String> external = JsonSchemas.externalRefs(node);
    for (String ref : external) {
      p.error(path, "external reference " + MessageValues.clean(ref) + ": the OSB spec forbids"
          + " references outside the schema (only \"#...\" references are allowed)");
    }
    List<String> overlong = JsonSchemas.overlongPatterns(node);
    for (String pattern : overlong) {
      p.error(path, "pattern " + MessageValues.clean(pattern) + ": the SDK compiles patterns of"
          + " at most " + JsonSchemas.MAX_PATTERN_LENGTH + " characters, and "
          + JsonSchemas.MAX_PATTERN_EXPANDED + " with their counted repetitions ({n,m}) written"
          + " out (compiling costs time quadratic in the length, at every start)");
    }
    if (!overlong.isEmpty()) {
      return; // the checks below compile every pattern
    }
    List<String> patterns = JsonSchemas.unsupportedPatterns(node);
    for (String pattern : patterns) {
      p.error(path, "pattern " + MessageValues.clean(pattern) + ": is not a regular expression"
          + " the SDK can run: neither RE2J (RE2 syntax, linear time) nor java.util.regex (for"
          + " lookaround and backreferences, with a step budget) compiles it");
    }
    if (!dialectKnown || !external.isEmpty() || !notFinite.isEmpty() || !patterns.isEmpty()) {
      return;
    }
    List<String> violations;
    try {
      violations = JsonSchemas.metaSchemaViolations(node);
    } catch (RuntimeException e) {
      p.error(path, "could not be checked against its meta-schema: "
          + MessageValues.clean(String.valueOf(e.getMessage())));
      return;
    }
    if (!violations.isEmpty()) {
      StringBuilder sb = new StringBuilder("is not a valid JSON Schema: ");
      for (int i = 0; i < violations.size() && i < MAX_META_VIOLATIONS; i++) {
        sb.append(i == 0 ? "" : "; ").append(MessageValues.clean(violations.get(i)));
      }
      if (violations.size() > MAX_META_VIOLATIONS) {
        sb.append("; and ").append(violations.size() - MAX_META_VIOLATIONS).append(" more");
      }
      p.error(path, sb.toString());
      return;
    }
    List<String> counts = SchemaCounts.outOfRange(node);
    for (String count : counts) {
      p.error(path, MessageValues.clean(count) + ": the SDK's validator counts from 0 to "
          + SchemaCounts.MAX_COUNT + " (a larger count would wrap around); leave a maximum"
          + " out for no limit");
    }
    if (!counts.isEmpty()) {
      return;
    }
    try {
      JsonSchemas.compile(node);
    } catch (IllegalArgumentException e) {
      p.error(path, "does not compile as a JSON Schema: "
          + MessageValues.clean(String.valueOf(e.getMessage())));
      return;
    }
    for (String format : JsonSchemas.unknownFormats(node)) {
      int eq = format.indexOf(" = ");
      p.warning(path + MessageValues.clean(format.substring(1, eq)),
          MessageValues.clean(format.substring(eq + 3)) + " is not a format"
          + " the SDK's validator knows, so parameters are not checked against it (known: "
          + String.join(", ", new TreeSet<>(JsonSchemas.KNOWN_FORMATS)) + ")");
    }
    JsonNode type = node.get("type");
    if (type != null && type.isTextual() && !"object".equals(type.asText())) {
      p.warning(path + ".type", "is " + MessageValues.quote(type.asText())
          + ": parameters are always a JSON "
          + "object, so this schema rejects every request that sends parameters");
    }
  }

  /** Whether maps and collections nest more than {@code levels} deep; looks no deeper. */
  private static boolean deeperThan(Object value, int levels) {
    Iterable<?> children;
    if (value instanceof Map<?, ?> map) {
      children = map.values();
    } else if (value instanceof Iterable<?> list) {
      children = list;
    } else if (value instanceof Object[] array) {
      children = List.of(array);
    } else {
      return false;
    }
    if (levels == 0) {
      return true;
    }
    for (Object child : children) {
      if (deeperThan(child, levels - 1)) {
        return true;
      }
    }
    return false;
  }

  /** Finds NaN and infinite numbers, which Jackson writes as strings. */
  private static void collectNotFinite(JsonNode node, String path, List<String> out) {
    if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      out.add(path + " is " + node.doubleValue());
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectNotFinite(node.get(i), path + "[" + i + "]", out);
      }
    } else if (node.isObject()) {
      node.properties().forEach(f -> collectNotFinite(f.getValue(), path + "." + f.getKey(), out));
    }
  }

  /**
   * Reports a missing, non-string or unsupported {@code $schema}.
   *
   * @return whether the schema can be read in a known dialect (absent counts: draft-04 is assumed
   *     so that the rest of the schema is still checked)
   */
  private static boolean checkDialect(Problems p, String path, JsonNode declared) {
    if (declared == null) {
      p.error(path + ".$schema", "is required: the OSB spec requires every schema to declare "
          + "its JSON Schema version (e.g. \"http://json-schema.org/draft-04/schema#\")");
      return true;
    }
    if (!declared.isTextual()) {
      p.error(path + ".$schema", "must be a string naming a JSON Schema version");
      return false;
    }
    if (JsonSchemas.versionOf(declared.asText()).isEmpty()) {
      p.error(path + ".$schema", MessageValues.quoteUrl(declared.asText())
          + " is not a supported JSON Schema "
          + "version (draft-04, draft-06, draft-07, 2019-09 or 2020-12)");
      return false;
    }
    return true;
  }
}

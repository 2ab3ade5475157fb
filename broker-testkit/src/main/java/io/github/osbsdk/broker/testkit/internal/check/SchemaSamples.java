package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.testkit.internal.client.LenientMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives valid and invalid parameters from a plan's JSON schema. Numbers keep to the schema's
 * bounds, exclusive ones too, and {@code multipleOf} ({@link NumberSamples}); strings to their
 * format, lengths and, when a candidate matches, pattern ({@link StringSamples}); local
 * {@code $ref}s, {@code allOf}, {@code oneOf}, {@code anyOf}, {@code if}/{@code then}/
 * {@code else}, enums and unique items are followed ({@link SampleValues}); objects keep to
 * {@code minProperties}, {@code maxProperties}, {@code patternProperties}, the dependency
 * keywords, {@code propertyNames} and {@code unevaluatedProperties} ({@link ObjectSamples},
 * {@link PropertyNames}), arrays to {@code contains} and {@code unevaluatedItems}
 * ({@link ArraySamples}), each where the schema's draft has it ({@link SchemaDraft}). Every
 * sample is checked with broker-core's validator ({@link #problems}): a "valid" one the schema
 * refuses is never called valid by the checks, nor an "invalid" one it accepts.
 * Counts beyond a Java {@code int}, which that validator would wrap, are not judged with it
 * ({@link SchemaCounts}): a maximum beyond it is no maximum; a minimum beyond it, or one asking
 * one sample for more than a million characters, items or properties (minima multiplied along
 * the path), makes the kit derive no parameters ({@link #unsendableCounts} says why).
 */
public final class SchemaSamples {
  /** How many samples {@link #valid} makes before it gives up. */
  private static final int ATTEMPTS = 6;
  /** The name of the property {@link #variant} adds when it may. */
  private static final String VARIANT = "osb_conformance_variant";

  private SchemaSamples() {}

  /**
   * @param schema a JSON schema as a map, may be null
   * @return parameters that satisfy the schema's required properties (empty when no schema);
   *     the first of a few tries the schema accepts, else the first try: check it with
   *     {@link #problems} before calling it valid
   */
  public static Map<String, Object> valid(Map<String, Object> schema) {
    if (schema == null) {
      return new LinkedHashMap<>();
    }
    SchemaCounts counts = counts(schema);
    if (!counts.minima().isEmpty()) {
      return new LinkedHashMap<>(); // problems says why the kit cannot make any
    }
    JsonNode root = counts.schema();
    SampleChecker checker = SampleChecker.of(root);
    Map<String, Object> first = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Map<String, Object> sample = asParameters(new SampleValues(root, attempt).value(root, 0));
      if (first == null) {
        first = sample;
      }
      if (checker.problems(sample).isEmpty()) {
        return sample;
      }
    }
    return first;
  }

  private static Map<String, Object> asParameters(Object v) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (v instanceof Map<?, ?> m) {
      m.forEach((k, x) -> out.put(String.valueOf(k), x));
    }
    return out;
  }

  /**
   * @param schema a JSON schema as a map, may be null
   * @param params parameters
   * @return why the schema refuses {@code params}, one {@code "schema location: message"} line
   *     per problem, checked as broker-core checks; empty when it accepts them, has none or
   *     does not compile; the schema's minima the kit cannot send when it has some (the kit
   *     cannot judge parameters against it, see {@link #unsendableCounts})
   */
  public static List<String> problems(Map<String, Object> schema, Map<String, Object> params) {
    if (schema == null) {
      return List.of();
    }
    SchemaCounts counts = counts(schema);
    List<String> beyond = unsendableCounts(counts);
    return beyond.isEmpty() ? SampleChecker.of(counts.schema()).problems(params) : beyond;
  }

  /**
   * @param schema a JSON schema as a map, may be null
   * @return its minima the kit cannot send ({@code minLength} ... {@code minContains} above
   *     2147483647, or asking one sample for more than {@value SchemaCounts#MAX_SAMPLE}
   *     characters, items or properties along one path), each with why the kit then cannot
   *     judge parameters against the schema; empty when it has none
   */
  public static List<String> unsendableCounts(Map<String, Object> schema) {
    return schema == null ? List.of() : unsendableCounts(counts(schema));
  }

  private static List<String> unsendableCounts(SchemaCounts counts) {
    return counts.minima();
  }

  /** @return the schema's minima the kit cannot send, and the schema without maxima beyond int */
  private static SchemaCounts counts(Map<String, Object> schema) {
    return SchemaCounts.of(LenientMapper.MAPPER.valueToTree(schema));
  }

  /**
   * @param schema a JSON schema as a map, may be null
   * @return parameters the schema refuses (checked as broker-core checks), or null when none
   *     can be derived (also when the schema has a minimum the kit cannot send)
   */
  public static Map<String, Object> invalid(Map<String, Object> schema) {
    if (schema == null) {
      return null;
    }
    SchemaCounts counts = counts(schema);
    if (!counts.minima().isEmpty()) {
      return null;
    }
    JsonNode s = counts.schema();
    Map<String, Object> valid = valid(schema);
    SampleChecker checker = SampleChecker.of(s);
    List<Map<String, Object>> tries = new ArrayList<>();
    JsonNode props = s.get("properties");
    if (props != null && props.isObject()) {
      for (Map.Entry<String, JsonNode> e : props.properties()) {
        Object wrong = wrongValue(e.getValue());
        if (wrong != null) {
          Map<String, Object> params = new LinkedHashMap<>(valid);
          params.put(e.getKey(), wrong);
          tries.add(params);
        }
      }
    }
    JsonNode additional = s.get("additionalProperties");
    if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
      Map<String, Object> params = new LinkedHashMap<>(valid);
      params.put(ObjectSamples.UNEXPECTED, 1);
      tries.add(params);
    }
    JsonNode required = s.get("required");
    if (required != null && required.isArray() && required.size() > 0) {
      Map<String, Object> params = new LinkedHashMap<>(valid);
      params.remove(required.get(0).asText());
      tries.add(params);
    }
    tries.addAll(ObjectSamples.breaking(s, valid, SchemaSamples::wrongValue));
    if (props != null && props.isObject()) {
      SampleValues values = new SampleValues(s, 0);
      for (Map.Entry<String, JsonNode> e : props.properties()) {
        for (List<Object> array : ArraySamples.breaking(values, e.getValue())) {
          Map<String, Object> params = new LinkedHashMap<>(valid);
          params.put(e.getKey(), array);
          tries.add(params);
        }
      }
    }
    // the first the schema refuses: under oneOf, anyOf or not, a wrong type may still pass
    for (Map<String, Object> params : tries) {
      if (!checker.problems(params).isEmpty()) {
        return params;
      }
    }
    return null;
  }

  /**
   * @param schema a JSON schema as a map, may be null
   * @param current the parameters sent before
   * @return parameters the schema accepts that differ from {@code current}, or null when none
   *     can be derived (one the schema would refuse is not given, nor any when the schema has
   *     a minimum the kit cannot send): another value of a property
   *     (named in {@code properties}, else matched by {@code patternProperties}), else a
   *     property the kit adds, else an optional one left out or added
   */
  public static Map<String, Object> variant(Map<String, Object> schema,
      Map<String, Object> current) {
    Map<String, Object> sent = new LinkedHashMap<>(current == null ? Map.of() : current);
    if (schema == null) {
      sent.put(VARIANT, "different");
      return sent;
    }
    SchemaCounts counts = counts(schema);
    if (!counts.minima().isEmpty()) {
      return null;
    }
    JsonNode s = counts.schema();
    SampleChecker checker = SampleChecker.of(s);
    for (Map<String, Object> candidate : variants(s, sent)) {
      if (checker.problems(candidate).isEmpty()) {
        return candidate;
      }
    }
    return null;
  }

  /** @return parameters that differ from {@code sent}, most alike first, not yet checked */
  private static List<Map<String, Object>> variants(JsonNode s, Map<String, Object> sent) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : s.path("properties").properties()) {
      with(out, sent, e.getKey(), otherValue(e.getValue(), sent.get(e.getKey())));
    }
    for (Map.Entry<String, Object> e : sent.entrySet()) {
      JsonNode pattern = ObjectSamples.patternSchemaOf(s, e.getKey());
      if (pattern != null) {
        with(out, sent, e.getKey(), otherValue(pattern, e.getValue()));
      }
    }
    if (s.path("additionalProperties").asBoolean(true)) {
      // the kit's own name, else one made for propertyNames (which may judge beyond the
      // kit's reading: a format); a value of additionalProperties or unevaluatedProperties
      SampleValues values = new SampleValues(s, 0);
      PropertyNames names = PropertyNames.of(values, s, 0);
      Set<String> taken = new HashSet<>(sent.keySet());
      taken.add(VARIANT);
      for (String name : Arrays.asList(VARIANT, names.free(taken))) {
        JsonNode schema = name == null ? null : ObjectSamples.schemaOf(s, name);
        if (name != null && names.allows(name)) {
          with(out, sent, name, schema == null ? "different" : values.value(schema, 1));
        }
      }
    }
    List<String> required = new ArrayList<>();
    s.path("required").forEach(r -> required.add(r.asText()));
    for (String key : sent.keySet()) {
      if (!required.contains(key)) {
        Map<String, Object> params = new LinkedHashMap<>(sent);
        params.remove(key);
        out.add(params);
      }
    }
    for (Map.Entry<String, JsonNode> e : s.path("properties").properties()) {
      JsonNode prop = e.getValue();
      // a string with a pattern, or a property without a type, is left alone: the value made
      // up may not match
      if (!sent.containsKey(e.getKey()) && prop.isObject() && !prop.has("pattern")
          && (type(prop) != null || prop.has("enum") || prop.has("const"))) {
        with(out, sent, e.getKey(), new SampleValues(s, 0).value(prop, 1));
      }
    }
    Map.Entry<String, Object> named = ObjectSamples.patternNamed(s, sent.keySet());
    if (named != null) {
      with(out, sent, named.getKey(), named.getValue());
    }
    return out;
  }

  /** Adds {@code sent} with {@code key} set to {@code value}, unless the value is null. */
  private static void with(List<Map<String, Object>> out, Map<String, Object> sent, String key,
      Object value) {
    if (value != null) {
      Map<String, Object> params = new LinkedHashMap<>(sent);
      params.put(key, value);
      out.add(params);
    }
  }

  private static Object otherValue(JsonNode prop, Object current) {
    JsonNode en = prop.get("enum");
    if (en != null && en.isArray()) {
      for (JsonNode v : en) {
        Object o = LenientMapper.MAPPER.convertValue(v, Object.class);
        if (o != null && !o.equals(current)) {
          return o;
        }
      }
      return null;
    }
    if (prop.has("const")) {
      return null;
    }
    String type = type(prop);
    if ("boolean".equals(type)) {
      return !Boolean.TRUE.equals(current);
    }
    if ("string".equals(type) && !prop.has("pattern") && !prop.has("format")) {
      String v = StringSamples.string(prop, 0);
      String alt = v.length() > 1 ? v.substring(0, v.length() - 1) + "z" : "z";
      return v.equals(current) ? alt : v;
    }
    if ("string".equals(type) && !prop.has("pattern")) {
      return otherFormatted(prop.path("format").asText(""), current);
    }
    if ("number".equals(type) || "integer".equals(type)) {
      return NumberSamples.other(prop, "integer".equals(type), current);
    }
    return null;
  }

  /** @return a value of a format {@link #string} knows other than {@code current}, or null */
  private static Object otherFormatted(String format, Object current) {
    List<String> values = switch (format) {
      case "email" -> List.of("osb@example.com", "osb2@example.com");
      case "uri", "url" -> List.of("https://example.com/osb", "https://example.com/osb2");
      case "date-time" -> List.of("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
      case "uuid" -> List.of("00000000-0000-4000-8000-000000000000",
          "00000000-0000-4000-8000-000000000001");
      default -> List.of();
    };
    return values.stream().filter(v -> !v.equals(current)).findFirst().orElse(null);
  }

  private static Object wrongValue(JsonNode prop) {
    if (prop.has("enum") || prop.has("const")) {
      return "osb-conformance-not-allowed";
    }
    String type = type(prop);
    if (type == null) {
      return null;
    }
    switch (type) {
      case "string":
        return 12345;
      case "integer":
      case "number":
        return "not-a-number";
      case "boolean":
        return "not-a-boolean";
      case "object":
      case "array":
        return "not-structured";
      default:
        return null;
    }
  }

  /** @return the first type a schema names other than null, object when it has properties */
  static String type(JsonNode node) {
    JsonNode t = node.get("type");
    if (t == null) {
      return node.has("properties") ? "object" : null;
    }
    if (t.isArray()) {
      for (JsonNode x : t) {
        if (!"null".equals(x.asText())) {
          return x.asText();
        }
      }
      return "null";
    }
    return t.asText();
  }
}

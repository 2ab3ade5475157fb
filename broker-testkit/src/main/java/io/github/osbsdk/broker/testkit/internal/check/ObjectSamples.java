package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.testkit.internal.client.LenientMapper;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The object keywords of a schema, for samples: a valid object holds its {@code required}
 * properties, what a present property depends on ({@code dependencies} and
 * {@code dependentRequired} name properties, {@code dependencies} with a schema and
 * {@code dependentSchemas} add one) and, up to {@code minProperties}, optional properties, then
 * names a {@code patternProperties} pattern matches, then free names where
 * {@code additionalProperties} allows them and, where the draft has it (2019-09 on),
 * {@code unevaluatedProperties}; every name it adds is one {@code propertyNames} allows
 * ({@link PropertyNames}). Each value keeps to its property's schema and to every
 * {@code patternProperties} schema its name matches (else to {@code additionalProperties}, else
 * to {@code unevaluatedProperties}). Invalid objects and variants come from the same keywords
 * ({@link #breaking}, {@link #patternNamed}); callers check every sample with the schema.
 */
final class ObjectSamples {
  /** Keywords that only an object can break: a schema with one and no type makes objects. */
  static final List<String> KEYWORDS = List.of("properties", "required", "patternProperties",
      "additionalProperties", "minProperties", "maxProperties", "dependencies",
      "dependentRequired", "dependentSchemas", "propertyNames", "unevaluatedProperties");
  /** The name of a property no schema declares, sent to be refused. */
  static final String UNEXPECTED = "osb_conformance_unexpected_parameter";
  /** Keywords whose value maps a property name to what its presence asks for. */
  private static final List<String> DEPENDENCY_KEYWORDS = List.of("dependencies",
      "dependentRequired", "dependentSchemas");
  /** How often dependencies and minProperties may add properties; each round adds some. */
  private static final int MAX_ROUNDS = 32;
  /** Past this many properties, maxProperties is not broken by adding more. */
  private static final int MAX_ADDED = 64;

  private ObjectSamples() {}

  /**
   * @param values the maker of the properties' values
   * @param schema an object schema, flattened ({@code $ref}, {@code allOf}, {@code if} followed)
   * @param depth how deep it lies
   * @return an object it allows, as far as the keywords above go
   */
  static Map<String, Object> object(SampleValues values, JsonNode schema, int depth) {
    JsonNode s = schema;
    Set<String> names = new LinkedHashSet<>();
    Set<String> applied = new HashSet<>();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      s.path("required").forEach(r -> names.add(r.asText()));
      int before = names.size();
      for (String name : List.copyOf(names)) {
        for (String keyword : DEPENDENCY_KEYWORDS) {
          JsonNode dependency = s.path(keyword).get(name);
          if (dependency != null && dependency.isArray()) {
            dependency.forEach(n -> names.add(n.asText()));
          } else if (dependency != null && dependency.isObject()
              && applied.add(keyword + "/" + name)) {
            s = SampleValues.merge(((ObjectNode) s).deepCopy(),
                values.flattened(dependency, depth));
            s.path("required").forEach(r -> names.add(r.asText()));
          }
        }
      }
      if (names.size() == before && names.size() < s.path("minProperties").asInt(0)) {
        String extra = optionalName(values, s, names, depth);
        if (extra != null) {
          names.add(extra);
        }
      }
      if (names.size() == before) {
        break;
      }
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (String name : names) {
      map.put(name, values.value(schemaOf(s, name), depth + 1));
    }
    return map;
  }

  /**
   * @return a name not in {@code names} the object may hold, one {@code propertyNames} allows:
   *     an optional property, else one a pattern of {@code patternProperties} matches, else a
   *     free one when {@code additionalProperties} is not false and, where the draft has it,
   *     {@code unevaluatedProperties} is not false either; null when there is none
   */
  private static String optionalName(SampleValues values, JsonNode s, Set<String> names,
      int depth) {
    PropertyNames allowed = PropertyNames.of(values, s, depth);
    for (Map.Entry<String, JsonNode> e : s.path("properties").properties()) {
      if (!names.contains(e.getKey()) && allowed.allows(e.getKey())) {
        return e.getKey();
      }
    }
    for (Map.Entry<String, JsonNode> e : s.path("patternProperties").properties()) {
      String name = allowed.matching(e.getKey(), names);
      if (name != null) {
        return name;
      }
    }
    return freeNames(values.draft(), s) ? allowed.free(names) : null;
  }

  /**
   * @return whether the object may hold names neither {@code properties} nor
   *     {@code patternProperties} declares: {@code additionalProperties} is not false, and
   *     neither is {@code unevaluatedProperties} where the draft has it and nothing else
   *     evaluates them
   */
  private static boolean freeNames(SchemaDraft draft, JsonNode s) {
    if (s.has("additionalProperties")) {
      return s.get("additionalProperties").asBoolean(true);
    }
    return !draft.knows("unevaluatedProperties")
        || s.path("unevaluatedProperties").asBoolean(true);
  }

  /**
   * @param s an object schema
   * @param name a property name
   * @return the schema its value keeps to: its property's and every pattern property's that
   *     matches it (as an {@code allOf}), else {@code additionalProperties} when it is a
   *     schema, else {@code unevaluatedProperties} when it is one and there is no
   *     {@code additionalProperties}; null when nothing constrains it
   */
  static JsonNode schemaOf(JsonNode s, String name) {
    List<JsonNode> parts = new ArrayList<>();
    JsonNode own = s.path("properties").get(name);
    if (own != null) {
      parts.add(own);
    }
    for (Map.Entry<String, JsonNode> e : s.path("patternProperties").properties()) {
      if (matches(e.getKey(), name)) {
        parts.add(e.getValue());
      }
    }
    JsonNode additional = s.get("additionalProperties");
    JsonNode unevaluated = s.get("unevaluatedProperties");
    if (parts.isEmpty() && additional != null && additional.isObject()) {
      parts.add(additional);
    } else if (parts.isEmpty() && additional == null && unevaluated != null
        && unevaluated.isObject()) {
      // a draft without the keyword checks nothing with it: keeping to it costs nothing
      parts.add(unevaluated);
    }
    if (parts.size() <= 1) {
      return parts.isEmpty() ? null : parts.get(0);
    }
    ArrayNode all = LenientMapper.MAPPER.createArrayNode();
    parts.forEach(all::add);
    return LenientMapper.MAPPER.createObjectNode().set("allOf", all);
  }

  /**
   * @param s an object schema
   * @param name a property name
   * @return the schema of the first {@code patternProperties} pattern matching it when no
   *     {@code properties} entry names it, else null
   */
  static JsonNode patternSchemaOf(JsonNode s, String name) {
    if (s.path("properties").has(name)) {
      return null;
    }
    for (Map.Entry<String, JsonNode> e : s.path("patternProperties").properties()) {
      if (matches(e.getKey(), name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * Objects the schema refuses for its object keywords: {@code valid} with a pattern property
   * of the wrong type, with more than {@code maxProperties} properties, without what a present
   * property depends on, an empty one under {@code minProperties} (none when it is 0: the
   * empty object passes), and, where the draft has these keywords, {@code valid} with a
   * property named as {@code propertyNames} refuses, or one no keyword evaluates, with a value
   * {@code unevaluatedProperties} refuses (any value when it is false).
   *
   * @param s an object schema
   * @param valid an object it accepts (or the kit's best try)
   * @param wrong the wrong value of a property schema, null when the kit has none
   * @return the tries, for the caller to check
   */
  static List<Map<String, Object>> breaking(JsonNode s, Map<String, Object> valid,
      Function<JsonNode, Object> wrong) {
    List<Map<String, Object>> tries = new ArrayList<>();
    SampleValues values = new SampleValues(s, 0);
    PropertyNames allowed = PropertyNames.of(values, s, 0);
    for (Map.Entry<String, JsonNode> e : s.path("patternProperties").properties()) {
      String name = allowed.matching(e.getKey(), valid.keySet());
      Object value = wrong.apply(e.getValue());
      if (name != null && value != null) {
        Map<String, Object> params = new LinkedHashMap<>(valid);
        params.put(name, value);
        tries.add(params);
      }
    }
    int max = s.path("maxProperties").asInt(-1);
    if (max >= 0 && max < MAX_ADDED) {
      Map<String, Object> params = new LinkedHashMap<>(valid);
      for (int i = 0; params.size() <= max; i++) {
        params.put("osb_conformance_extra_" + i, 1);
      }
      tries.add(params);
    }
    for (String keyword : DEPENDENCY_KEYWORDS) {
      for (Map.Entry<String, JsonNode> e : s.path(keyword).properties()) {
        JsonNode needed = e.getValue().isArray() ? e.getValue() : e.getValue().path("required");
        if (needed.isArray() && !needed.isEmpty()) {
          Map<String, Object> params = new LinkedHashMap<>(valid);
          params.putIfAbsent(e.getKey(), values.value(schemaOf(s, e.getKey()), 1));
          needed.forEach(n -> params.remove(n.asText()));
          tries.add(params);
        }
      }
    }
    if (s.path("minProperties").asInt(0) > 0) {
      tries.add(new LinkedHashMap<>());
    }
    for (String name : allowed.refused()) {
      if (!valid.containsKey(name)) {
        Map<String, Object> params = new LinkedHashMap<>(valid);
        params.put(name, values.value(schemaOf(s, name), 1));
        tries.add(params);
      }
    }
    JsonNode unevaluated = values.draft().knows("unevaluatedProperties")
        && !s.has("additionalProperties") ? s.get("unevaluatedProperties") : null;
    Object value = unevaluated == null || unevaluated.asBoolean(false) ? null
        : unevaluated.isBoolean() ? Integer.valueOf(1) : wrong.apply(unevaluated);
    if (value != null && !valid.containsKey(UNEXPECTED)) {
      Map<String, Object> params = new LinkedHashMap<>(valid);
      params.put(UNEXPECTED, value);
      tries.add(params);
    }
    return tries;
  }

  /**
   * @param s an object schema
   * @param present the names already sent
   * @return a new property named as a {@code patternProperties} pattern allows, with a value
   *     of its schema, or null when no pattern yields a name
   */
  static Map.Entry<String, Object> patternNamed(JsonNode s, Set<String> present) {
    SampleValues values = new SampleValues(s, 0);
    PropertyNames allowed = PropertyNames.of(values, s, 0);
    for (Map.Entry<String, JsonNode> e : s.path("patternProperties").properties()) {
      String name = allowed.matching(e.getKey(), present);
      if (name != null) {
        // the value may be null (a schema of type null): Map.entry refuses null
        return new AbstractMap.SimpleImmutableEntry<>(name, values.value(schemaOf(s, name), 1));
      }
    }
    return null;
  }

  /** @return whether the pattern matches somewhere in the name (false when it does not compile) */
  static boolean matches(String pattern, String name) {
    try {
      return Pattern.compile(pattern).matcher(name).find();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }
}

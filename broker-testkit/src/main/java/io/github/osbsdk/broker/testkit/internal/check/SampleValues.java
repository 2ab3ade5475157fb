package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.testkit.internal.client.LenientMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Makes one value a schema allows. Local {@code $ref}s ({@code definitions}, {@code $defs}, any
 * {@code #/...} pointer) are followed, {@code allOf} is merged into its schema,
 * {@code oneOf}/{@code anyOf} pick a branch and {@code if} is met with {@code then} (or, on
 * every other attempt, {@code else}); objects are made by {@link ObjectSamples}, arrays by
 * {@link ArraySamples}, each keeping to the keywords its draft has ({@link #draft}); the schema's
 * own values ({@code const}, then {@code default}, {@code examples} and {@code enum}) are used
 * when they fit its type, enum, pattern and lengths. An attempt other than 0 picks other
 * branches and other values, so a caller whose first sample is refused (a {@code not}, a
 * {@code oneOf} matched twice) can try again.
 */
final class SampleValues {
  private static final int MAX_DEPTH = 8;

  private final JsonNode root;
  private final int attempt;
  private final SchemaDraft draft;

  /**
   * @param root the whole schema, which {@code $ref}s point into
   * @param attempt which of the allowed values, 0 first
   */
  SampleValues(JsonNode root, int attempt) {
    this(root, attempt, SchemaDraft.of(root));
  }

  private SampleValues(JsonNode root, int attempt, SchemaDraft draft) {
    this.root = root;
    this.attempt = attempt;
    this.draft = draft;
  }

  /** @return the draft of the whole schema, which says which keywords count */
  SchemaDraft draft() {
    return draft;
  }

  /**
   * @param more how many attempts later
   * @return the maker of the values {@code more} attempts after this one's
   */
  SampleValues later(int more) {
    return new SampleValues(root, attempt + more, draft);
  }

  /**
   * @param node a schema, a part of {@link #root}
   * @param depth how deep it lies; past a limit the value is a plain string
   * @return a value it allows, as far as this class knows how to make one
   */
  Object value(JsonNode node, int depth) {
    if (node == null || !node.isObject() || depth > MAX_DEPTH) {
      return "osb-conformance";
    }
    JsonNode s = flatten(node, depth);
    for (String combinator : List.of("oneOf", "anyOf")) {
      JsonNode branches = s.get(combinator);
      if (branches != null && branches.isArray() && branches.size() > 0) {
        ObjectNode rest = ((ObjectNode) s).deepCopy();
        rest.remove(combinator);
        return value(merge(rest, branches.get(attempt % branches.size())), depth + 1);
      }
    }
    List<Object> own = ownValues(s);
    if (s.has("const") || s.has("enum") && !own.isEmpty() || attempt < own.size()) {
      return own.isEmpty() ? null : own.get(attempt % own.size());
    }
    return generated(s, SchemaSamples.type(s), depth);
  }

  /** @return the schema with its {@code $ref} followed and its {@code allOf} merged in */
  private JsonNode flatten(JsonNode node, int depth) {
    ObjectNode s = ((ObjectNode) node).deepCopy();
    for (int hops = 0; s.has("$ref") && hops <= MAX_DEPTH - depth; hops++) {
      JsonNode target = resolve(s.remove("$ref").asText());
      if (target != null && target.isObject()) {
        s = merge(((ObjectNode) target).deepCopy(), s);
      }
    }
    JsonNode all = s.remove("allOf");
    if (all != null && all.isArray()) {
      for (JsonNode branch : all) {
        s = merge(s, branch.isObject() ? flatten(branch, depth + 1) : branch);
      }
    }
    JsonNode condition = s.remove("if");
    JsonNode then = s.remove("then");
    JsonNode otherwise = s.remove("else");
    if (condition != null && condition.isObject()) {
      // meet if and then (a value made to meet if does, when if only adds to the schema), or,
      // on every other attempt, else (the caller's check says whether the value missed if)
      s = attempt % 2 == 0 || otherwise == null || !otherwise.isObject()
          ? merge(merge(s, flatten(condition, depth + 1)), flattened(then, depth))
          : merge(s, flatten(otherwise, depth + 1));
    }
    return s;
  }

  /**
   * @param node a schema, may be null or not an object
   * @return {@code node} with its {@code $ref}s, {@code allOf} and {@code if} followed; null
   *     when it is no object
   */
  JsonNode flattened(JsonNode node, int depth) {
    return node != null && node.isObject() ? flatten(node, depth + 1) : null;
  }

  private JsonNode resolve(String ref) {
    if (!ref.startsWith("#")) {
      return null;
    }
    try {
      JsonNode target = root.at(ref.substring(1));
      return target.isMissingNode() ? null : target;
    } catch (IllegalArgumentException e) {
      return null; // an anchor, not a pointer
    }
  }

  /**
   * @return {@code base} with what {@code extra} adds: its properties (a property both give
   *     gets both schemas, as an {@code allOf}), its required names, and keywords {@code base}
   *     lacks
   */
  static ObjectNode merge(ObjectNode base, JsonNode extra) {
    if (extra == null || !extra.isObject()) {
      return base;
    }
    ObjectNode out = base.deepCopy();
    extra.properties().forEach(e -> {
      String key = e.getKey();
      JsonNode v = e.getValue();
      JsonNode mine = out.get(key);
      if ("properties".equals(key) && mine != null && mine.isObject() && v.isObject()) {
        ObjectNode props = (ObjectNode) mine;
        v.properties().forEach(p -> props.set(p.getKey(), props.has(p.getKey())
            ? LenientMapper.MAPPER.createObjectNode().set("allOf",
                LenientMapper.MAPPER.createArrayNode().add(props.get(p.getKey()))
                    .add(p.getValue()))
            : p.getValue()));
      } else if ("required".equals(key) && mine != null && mine.isArray() && v.isArray()) {
        Set<String> names = new LinkedHashSet<>();
        mine.forEach(n -> names.add(n.asText()));
        v.forEach(n -> names.add(n.asText()));
        ArrayNode union = LenientMapper.MAPPER.createArrayNode();
        names.forEach(union::add);
        out.set("required", union);
      } else if (mine == null) {
        out.set(key, v);
      }
    });
    return out;
  }

  /** @return the schema's {@code const}, or its default, examples and enum values that fit */
  private static List<Object> ownValues(JsonNode s) {
    List<JsonNode> candidates = new ArrayList<>();
    if (s.has("const")) {
      candidates.add(s.get("const"));
    } else {
      if (s.has("default")) {
        candidates.add(s.get("default"));
      }
      s.path("examples").forEach(candidates::add);
      s.path("enum").forEach(candidates::add);
    }
    List<Object> out = new ArrayList<>();
    for (JsonNode c : candidates) {
      Object v = LenientMapper.MAPPER.convertValue(c, Object.class);
      if ((s.has("const") || fits(c, s)) && !out.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  /**
   * @return whether a value could be valid, as far as the schema's type, enum, lengths, pattern
   *     and number of items go (a pattern {@code java.util.regex} cannot compile: not valid)
   */
  static boolean fits(JsonNode v, JsonNode s) {
    JsonNode en = s.get("enum");
    if (en != null && en.isArray() && !contains(en, v)) {
      return false;
    }
    JsonNode type = s.get("type");
    if (type != null) {
      boolean any = false;
      for (JsonNode t : type.isArray() ? type : List.of(type)) {
        any |= hasType(v, t.asText());
      }
      if (!any) {
        return false;
      }
    }
    if (v.isTextual()) {
      int len = v.asText().codePointCount(0, v.asText().length());
      if (len < s.path("minLength").asInt(0)
          || len > s.path("maxLength").asInt(Integer.MAX_VALUE)) {
        return false;
      }
      if (s.has("pattern")) {
        try {
          return Pattern.compile(s.get("pattern").asText()).matcher(v.asText()).find();
        } catch (PatternSyntaxException e) {
          return false;
        }
      }
    }
    if (v.isArray()) {
      return v.size() >= s.path("minItems").asInt(0)
          && v.size() <= s.path("maxItems").asInt(Integer.MAX_VALUE);
    }
    return true;
  }

  private static boolean contains(JsonNode en, JsonNode v) {
    for (JsonNode e : en) {
      if (e.equals(v) || e.isNumber() && v.isNumber()
          && e.decimalValue().compareTo(v.decimalValue()) == 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasType(JsonNode v, String type) {
    return switch (type) {
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber()
          || v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0;
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "null" -> v.isNull();
      default -> true;
    };
  }

  private Object generated(JsonNode s, String type, int depth) {
    if (type == null) {
      type = ObjectSamples.KEYWORDS.stream().anyMatch(s::has) ? "object"
          : s.has("items") || s.has("minItems") ? "array"
          : s.has("pattern") || s.has("minLength") || s.has("format") ? "string"
          : s.has("minimum") || s.has("maximum") || s.has("multipleOf") ? "number"
          : null;
    }
    if (type == null) {
      return depth == 0 ? new LinkedHashMap<String, Object>()
          : attempt == 0 ? "osb-conformance" : attempt % 2 == 1 ? Integer.valueOf(attempt)
          : Boolean.TRUE;
    }
    switch (type) {
      case "object":
        return ObjectSamples.object(this, s, depth);
      case "integer":
      case "number":
        return number(s, "integer".equals(type));
      case "boolean":
        return attempt % 2 == 0;
      case "array":
        return ArraySamples.array(this, s, depth);
      case "null":
        return null;
      default:
        return StringSamples.string(s, attempt);
    }
  }

  private Number number(JsonNode s, boolean integer) {
    Number n = NumberSamples.valid(s, integer);
    Number v = n == null ? Integer.valueOf(1) : n;
    for (int i = 0; i < attempt; i++) {
      Number next = NumberSamples.other(s, integer, v);
      if (next == null) {
        break;
      }
      v = next;
    }
    return v;
  }
}

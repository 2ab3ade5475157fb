package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.osbsdk.broker.testkit.internal.client.LenientMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The array keywords of a schema, for samples: a valid array holds {@code minItems} items, each
 * of the schema its place gives ({@code items} as a list, then {@code additionalItems};
 * {@code prefixItems}, then {@code items}; else {@code unevaluatedItems}), distinct ones under
 * {@code uniqueItems}, and, where the draft has {@code contains}, first as many items that also
 * keep to {@code contains} as it asks for: {@code minContains}, else one. The validator
 * broker-core uses reads {@code minContains} and {@code maxContains} next to {@code contains}
 * in draft-06 and -07 too, so the samples do. Invalid arrays ({@link #breaking}) hold none of
 * the items {@code contains} asks for, or one more than {@code maxContains}; callers check
 * every sample with the schema.
 */
final class ArraySamples {
  /** Items made beyond the wanted number, to find distinct ones under uniqueItems. */
  private static final int UNIQUE_TRIES = 16;
  /** Past this maxContains, it is not broken by making one item more. */
  private static final int MAX_MATCHING = 64;

  private ArraySamples() {}

  /**
   * @param values the maker of the items
   * @param s an array schema, flattened
   * @param depth how deep it lies
   * @return an array it allows, as far as the keywords above go
   */
  static List<Object> array(SampleValues values, JsonNode s, int depth) {
    JsonNode contains = values.draft().knows("contains") ? s.get("contains") : null;
    int matching = contains == null ? 0 : leastMatching(s);
    int size = Math.max(Math.max(s.path("minItems").asInt(0), 0), matching);
    return items(values, s, size, matching, contains, depth);
  }

  /**
   * Arrays the schema refuses for {@code contains}: {@code minItems} items none of which is made
   * to keep to {@code contains} (empty when there is no {@code minItems}), and one item more
   * than {@code maxContains} that all keep to it.
   *
   * @param values the maker of the items, for the whole schema
   * @param prop a property's schema
   * @return the tries, for the caller to check; empty where the draft has no {@code contains}
   *     or the schema does not use it
   */
  static List<List<Object>> breaking(SampleValues values, JsonNode prop) {
    JsonNode s = values.flattened(prop, 0);
    JsonNode contains = s == null || !values.draft().knows("contains") ? null
        : s.get("contains");
    if (contains == null) {
      return List.of();
    }
    List<List<Object>> tries = new ArrayList<>();
    int min = Math.max(s.path("minItems").asInt(0), 0);
    if (leastMatching(s) > 0) {
      tries.add(items(values, s, min, 0, null, 1));
    }
    JsonNode max = s.get("maxContains");
    if (max != null && max.canConvertToExactIntegral() && max.intValue() >= 0
        && max.intValue() < MAX_MATCHING) {
      int over = max.intValue() + 1;
      tries.add(items(values, s, Math.max(min, over), over, contains, 1));
    }
    return tries;
  }

  /** @return how many items must keep to contains: minContains when whole, else 1 */
  private static int leastMatching(JsonNode s) {
    JsonNode min = s.get("minContains");
    // as the validator reads it: a whole number, which may be written 2.0
    return min != null && min.canConvertToExactIntegral() ? Math.max(min.intValue(), 0) : 1;
  }

  /**
   * @param size how many items
   * @param matching how many of them, first, also keep to {@code contains}
   * @return the items; fewer when uniqueItems leaves the kit without distinct ones
   */
  private static List<Object> items(SampleValues values, JsonNode s, int size, int matching,
      JsonNode contains, int depth) {
    List<Object> list = new ArrayList<>();
    boolean unique = s.path("uniqueItems").asBoolean(false);
    for (int i = 0, tries = 0; list.size() < size && tries < size + UNIQUE_TRIES; tries++) {
      JsonNode itemSchema = i < matching ? both(contains, itemSchema(values, s, i))
          : itemSchema(values, s, i);
      Object item = values.later(tries).value(itemSchema, depth + 1);
      if (!unique || !list.contains(item)) {
        list.add(item);
        i++;
      }
    }
    return list;
  }

  /** @return the schema of the item at {@code i}, null when nothing constrains it */
  private static JsonNode itemSchema(SampleValues values, JsonNode s, int i) {
    JsonNode items = s.get("items");
    if (items != null && items.isArray()) {
      return i < items.size() ? items.get(i) : s.get("additionalItems");
    }
    JsonNode prefix = s.get("prefixItems");
    if (prefix != null && prefix.isArray() && i < prefix.size()) {
      return prefix.get(i);
    }
    if (items != null) {
      return items;
    }
    return values.draft().knows("unevaluatedItems") ? s.get("unevaluatedItems") : null;
  }

  /** @return an item schema that keeps to {@code contains} first, then to its own */
  private static JsonNode both(JsonNode contains, JsonNode item) {
    if (contains == null || !contains.isObject()) {
      return item;
    }
    if (item == null || !item.isObject()) {
      return contains;
    }
    ArrayNode all = LenientMapper.MAPPER.createArrayNode().add(contains).add(item);
    return LenientMapper.MAPPER.createObjectNode().set("allOf", all);
  }
}

package io.github.osbsdk.broker.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SpecificationVersion;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Internal: finds the counts of a schema that the validator cannot hold. The library reads
 * {@code minLength}, {@code maxLength}, {@code minItems}, {@code maxItems},
 * {@code minProperties}, {@code maxProperties}, {@code minContains} and {@code maxContains} as a
 * Java {@code int}, so a larger count wraps around: {@code "maxProperties": 4294967296} would
 * refuse every property, {@code "minProperties": 4294967296} would ask for none. Their
 * meta-schemas allow any integer from 0, so such a schema is valid, and only this check refuses
 * it.
 *
 * <p>{@code minContains} and {@code maxContains} belong to 2019-09 and later, yet the validator
 * applies them beside {@code contains} from draft-06 on (as the library does), where the
 * meta-schema does not check them: there, wherever they appear, a value that is not a whole
 * number from 0 is refused too. Under draft-04, which has no {@code contains}, the validator
 * ignores them, and they are not checked.
 */
public final class SchemaCounts {
  /** The largest count the validator holds. */
  public static final int MAX_COUNT = Integer.MAX_VALUE;

  private static final BigDecimal MAX = BigDecimal.valueOf(MAX_COUNT);
  /** The count keywords of every dialect. */
  public static final Set<String> COUNTS = Set.of("minLength", "maxLength", "minItems",
      "maxItems", "minProperties", "maxProperties");
  /** The count keywords the validator applies beside {@code contains}, from draft-06 on. */
  public static final Set<String> CONTAINS_COUNTS = Set.of("minContains", "maxContains");
  private static final int MAX_VALUE_CHARS = 40;

  private SchemaCounts() {}

  /**
   * Finds every count keyword (in a schema, not in data such as {@code enum} or {@code default},
   * nor a property merely named like one) whose value is not a whole number from 0 to
   * {@value #MAX_COUNT}. Call it on a schema that passed its meta-schema, which already refuses
   * negative and fractional values of the keywords its dialect defines.
   *
   * @param schema the schema, its {@code $schema} naming a supported dialect or absent (draft-04)
   * @return one line per such count, as in {@code $.properties.a.maxLength = 4294967296}
   */
  public static List<String> outOfRange(JsonNode schema) {
    List<String> out = new ArrayList<>();
    collect(schema, "$", false, containsCounts(schema), out);
    return out;
  }

  /**
   * @param schema a schema, its {@code $schema} naming a supported dialect or absent (draft-04)
   * @return whether the validator applies {@link #CONTAINS_COUNTS} in it (draft-06 on)
   */
  public static boolean containsCounts(JsonNode schema) {
    JsonNode declared = schema.get("$schema");
    SpecificationVersion version = declared == null ? JsonSchemas.DEFAULT_VERSION
        : JsonSchemas.versionOf(declared.asText()).orElse(JsonSchemas.DEFAULT_VERSION);
    return version != SpecificationVersion.DRAFT_4;
  }

  private static void collect(JsonNode node, String path, boolean names, boolean contains,
      List<String> out) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), path + "[" + i + "]", false, contains, out);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String key = field.getKey();
        JsonNode value = field.getValue();
        String childPath = path + "." + key;
        boolean count = !names && (COUNTS.contains(key)
            || contains && CONTAINS_COUNTS.contains(key));
        if (count) {
          if (!holds(value)) {
            String text = value.toString();
            out.add(childPath + " = " + (text.length() <= MAX_VALUE_CHARS ? text
                : text.substring(0, MAX_VALUE_CHARS) + "..."));
          }
        } else if (names || !JsonSchemas.VALUE_KEYWORDS.contains(key)) {
          collect(value, childPath, !names && JsonSchemas.NAMED_SUBSCHEMAS.contains(key),
              contains, out);
        }
      }
    }
  }

  /** Whether the validator holds {@code value} as the count it says; compares, never expands. */
  private static boolean holds(JsonNode value) {
    if (!value.isNumber() || !value.canConvertToExactIntegral()) {
      return false;
    }
    BigDecimal count = value.decimalValue();
    return count.signum() >= 0 && count.compareTo(MAX) <= 0;
  }
}

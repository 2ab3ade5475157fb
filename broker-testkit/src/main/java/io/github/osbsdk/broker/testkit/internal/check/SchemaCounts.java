package io.github.osbsdk.broker.testkit.internal.check;

import static io.github.osbsdk.broker.core.internal.schema.SchemaCounts.CONTAINS_COUNTS;
import static io.github.osbsdk.broker.core.internal.schema.SchemaCounts.COUNTS;
import static io.github.osbsdk.broker.core.internal.schema.SchemaCounts.containsCounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.core.internal.schema.JsonSchemas;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The counts of a schema ({@code minLength} ... {@code maxContains}) the kit cannot send or
 * judge. A count beyond a Java {@code int} (above 2147483647) the validator the kit checks
 * samples with (broker-core's) reads as an {@code int} and wraps: {@code "maxProperties":
 * 4294967296} would refuse every property. A broker not built with the SDK may serve such a
 * schema. A maximum beyond {@code int} limits nothing the kit sends, so the kit's copy of the
 * schema leaves it out (no maximum). A minimum asks for at least that many characters, items or
 * properties, and in an array or object that itself needs at least n items or properties, n
 * times over: when the product of the minima along its path (an over-estimate: every subschema
 * of items or of properties other than those named in {@code properties} is counted at the
 * enclosing minimum) is above {@link #MAX_SAMPLE}, or
 * the minimum is beyond {@code int}, the kit cannot send a sample the schema accepts, and lists
 * the minimum. {@code minContains} and {@code maxContains} count from draft-06 on, as in the
 * validator; draft-04 ignores them. A {@code $ref} is not followed: a definition counts once.
 */
final class SchemaCounts {
  /**
   * The most characters, items or properties one sample the kit sends may need along one path
   * of the schema: one million.
   */
  static final long MAX_SAMPLE = 1_000_000;
  private static final String BEYOND_INT = "a minimum beyond " + Integer.MAX_VALUE + ", more"
      + " than the kit can send, which the validator it checks parameters with (broker-core's)"
      + " reads as an int and would wrap around";

  private static final BigDecimal MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
  /** Keywords whose subschemas describe the items or properties of the instance. */
  private static final Set<String> MEMBER_SUBSCHEMAS = Set.of("items", "prefixItems",
      "additionalItems", "contains", "unevaluatedItems", "patternProperties",
      "additionalProperties", "unevaluatedProperties", "propertyNames");
  private static final int MAX_VALUE_CHARS = 40;

  private final JsonNode schema;
  private final List<String> minima;

  private SchemaCounts(JsonNode schema, List<String> minima) {
    this.schema = schema;
    this.minima = List.copyOf(minima);
  }

  /**
   * @param schema a JSON schema, left unchanged
   * @return its counts
   */
  static SchemaCounts of(JsonNode schema) {
    JsonNode copy = schema.deepCopy();
    List<String> minima = new ArrayList<>();
    walk(copy, "$", 1, false, containsCounts(copy), minima);
    return new SchemaCounts(copy, minima);
  }

  /** @return the schema without its maxima beyond {@code int}: what the kit samples and checks */
  JsonNode schema() {
    return schema;
  }

  /**
   * @return its minima the kit cannot send, each with why, as in
   *     {@code $.properties.a.minLength = 4294967296: a minimum beyond 2147483647, ...}
   */
  List<String> minima() {
    return minima;
  }

  /**
   * @param times how many instances of {@code node} one sample holds at least, at most
   *     {@link #MAX_SAMPLE} + 1
   */
  private static void walk(JsonNode node, String path, long times, boolean names,
      boolean contains, List<String> minima) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "[" + i + "]", times, false, contains, minima);
      }
    } else if (node.isObject()) {
      long members = names ? times : Math.min(MAX_SAMPLE + 1, times * membersOf(node, contains));
      List<String> maxima = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String key = field.getKey();
        JsonNode value = field.getValue();
        String child = path + "." + key;
        boolean count = !names && (COUNTS.contains(key)
            || contains && CONTAINS_COUNTS.contains(key));
        if (count && beyondInt(value) && key.startsWith("max")) {
          maxima.add(key);
        } else if (count && beyondInt(value)) {
          minima.add(child + " = " + text(value) + ": " + BEYOND_INT);
        } else if (count && key.startsWith("min") && times * within(value) > MAX_SAMPLE) {
          minima.add(child + " = " + text(value) + ": " + tooMany(times, within(value)));
        } else if (!count && (names || !JsonSchemas.VALUE_KEYWORDS.contains(key))) {
          walk(value, child, !names && MEMBER_SUBSCHEMAS.contains(key) ? members : times,
              !names && JsonSchemas.NAMED_SUBSCHEMAS.contains(key), contains, minima);
        }
      }
      ((ObjectNode) node).remove(maxima);
    }
  }

  private static String tooMany(long times, long value) {
    return (times == 1 ? "" : "in each of at least " + (times > MAX_SAMPLE
        ? "over " + MAX_SAMPLE : String.valueOf(times)) + " values, ")
        + "more than the " + MAX_SAMPLE + " characters, items or properties one sample of the"
        + " kit may hold" + (times == 1 ? "" : " (" + Math.multiplyExact(times, value)
        + " in all)");
  }

  /** @return the most items or properties a schema node asks its instance for, at least 1 */
  private static long membersOf(JsonNode node, boolean contains) {
    long most = 1;
    for (String key : List.of("minItems", "minProperties", "minContains")) {
      if (contains || !key.equals("minContains")) {
        most = Math.max(most, within(node.path(key)));
      }
    }
    return most;
  }

  /** @return a whole count within {@code int}, else 0 */
  private static long within(JsonNode value) {
    return value.isNumber() && value.canConvertToExactIntegral() && !beyondInt(value)
        ? Math.max(0, value.decimalValue().longValue()) : 0;
  }

  private static String text(JsonNode value) {
    String text = value.toString();
    return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS) + "...";
  }

  /** Whether {@code value} is a whole number above {@code int}; compares, never expands. */
  private static boolean beyondInt(JsonNode value) {
    return value.isNumber() && value.canConvertToExactIntegral()
        && value.decimalValue().compareTo(MAX) > 0;
  }
}

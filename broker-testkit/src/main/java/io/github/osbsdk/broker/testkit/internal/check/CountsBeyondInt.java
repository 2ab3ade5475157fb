package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.SpecificationVersion;
import io.github.osbsdk.broker.core.internal.schema.JsonSchemas;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The counts of a schema beyond a Java {@code int} ({@code minLength} ... {@code maxContains}
 * above 2147483647), which the validator the kit checks samples with (broker-core's) reads as an
 * {@code int} and wraps: {@code "maxProperties": 4294967296} would refuse every property. A
 * broker not built with the SDK may serve such a schema. A maximum beyond {@code int} limits
 * nothing the kit sends, so the kit's copy of the schema leaves it out (no maximum); a minimum
 * beyond it asks for more characters, items or properties than the kit can send, and the
 * validator would wrap it too, so the kit cannot tell which parameters the schema accepts, and
 * lists it. {@code minContains} and {@code maxContains} count from draft-06 on, as in the
 * validator; draft-04 ignores them.
 */
final class CountsBeyondInt {
  /** Why the kit cannot judge parameters against a schema with a minimum beyond int. */
  static final String WHY = "a minimum beyond " + Integer.MAX_VALUE + ", more than the kit can"
      + " send, which the validator it checks parameters with (broker-core's) reads as an int"
      + " and would wrap around";

  private static final BigDecimal MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
  private static final Set<String> COUNTS = Set.of("minLength", "maxLength", "minItems",
      "maxItems", "minProperties", "maxProperties");
  private static final Set<String> CONTAINS_COUNTS = Set.of("minContains", "maxContains");
  /** Keywords whose value is data, not schema. */
  private static final Set<String> VALUE_KEYWORDS = Set.of("enum", "const", "default",
      "examples");
  /** Keywords whose value maps names (any word) to subschemas. */
  private static final Set<String> NAMED_SUBSCHEMAS = Set.of("properties", "patternProperties",
      "definitions", "$defs", "dependencies", "dependentSchemas");
  private static final int MAX_VALUE_CHARS = 40;

  private final JsonNode schema;
  private final List<String> minima;

  private CountsBeyondInt(JsonNode schema, List<String> minima) {
    this.schema = schema;
    this.minima = List.copyOf(minima);
  }

  /**
   * @param schema a JSON schema, left unchanged
   * @return its counts beyond {@code int}
   */
  static CountsBeyondInt of(JsonNode schema) {
    JsonNode copy = schema.deepCopy();
    JsonNode declared = copy.get("$schema");
    SpecificationVersion version = declared == null ? JsonSchemas.DEFAULT_VERSION
        : JsonSchemas.versionOf(declared.asText()).orElse(JsonSchemas.DEFAULT_VERSION);
    List<String> minima = new ArrayList<>();
    walk(copy, "$", false, version != SpecificationVersion.DRAFT_4, minima);
    return new CountsBeyondInt(copy, minima);
  }

  /** @return the schema without its maxima beyond {@code int}: what the kit samples and checks */
  JsonNode schema() {
    return schema;
  }

  /** @return its minima beyond {@code int}, as in {@code $.properties.a.minLength = 4294967296} */
  List<String> minima() {
    return minima;
  }

  private static void walk(JsonNode node, String path, boolean names, boolean contains,
      List<String> minima) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "[" + i + "]", false, contains, minima);
      }
    } else if (node.isObject()) {
      List<String> maxima = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String key = field.getKey();
        JsonNode value = field.getValue();
        String child = path + "." + key;
        boolean count = !names && (COUNTS.contains(key)
            || contains && CONTAINS_COUNTS.contains(key));
        if (count) {
          if (beyondInt(value) && key.startsWith("max")) {
            maxima.add(key);
          } else if (beyondInt(value)) {
            String text = value.toString();
            minima.add(child + " = " + (text.length() <= MAX_VALUE_CHARS ? text
                : text.substring(0, MAX_VALUE_CHARS) + "..."));
          }
        } else if (names || !VALUE_KEYWORDS.contains(key)) {
          walk(value, child, !names && NAMED_SUBSCHEMAS.contains(key), contains, minima);
        }
      }
      ((ObjectNode) node).remove(maxima);
    }
  }

  /** Whether {@code value} is a whole number above {@code int}; compares, never expands. */
  private static boolean beyondInt(JsonNode value) {
    return value.isNumber() && value.canConvertToExactIntegral()
        && value.decimalValue().compareTo(MAX) > 0;
  }
}

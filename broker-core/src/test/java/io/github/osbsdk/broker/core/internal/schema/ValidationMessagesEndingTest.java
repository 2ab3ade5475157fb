package io.github.osbsdk.broker.core.internal.schema;

import static io.github.osbsdk.broker.core.internal.schema.ParameterValidatorTest.provisionFailure;
import static io.github.osbsdk.broker.core.internal.schema.ParameterValidatorTest.validator;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a 400's description of invalid parameters ends: "and more" only when it leaves out
 * problems it found (more than ten), "the check stopped here" when the check stopped before the
 * end without finding more, and nothing when it names every problem of a complete check.
 */
class ValidationMessagesEndingTest {
  private static Map<String, Object> schema() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("$schema", "http://json-schema.org/draft-07/schema#");
    s.put("type", "object");
    return s;
  }

  private static String description(Map<String, Object> schema, Map<String, Object> params) {
    return provisionFailure(validator(schema, null, null), params).description();
  }

  /** Parameters with {@code n} keys a schema without additional properties refuses. */
  private static Map<String, Object> unknownKeys(int n) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      p.put("k" + i, i);
    }
    return p;
  }

  @Test
  void tenProblemsAreNamedWithoutAndMoreAndElevenEndWithIt() {
    Map<String, Object> closed = schema();
    closed.put("additionalProperties", false);

    String ten = description(closed, unknownKeys(10));
    String eleven = description(closed, unknownKeys(11));

    assertThat(ten).contains("$.k9: is not an allowed parameter")
        .doesNotContain("and more").doesNotContain("stopped");
    assertThat(eleven).endsWith("$.k9: is not an allowed parameter; and more");
  }

  @Test
  void aCheckStoppedByRepeatsOfOneProblemDoesNotClaimMore() {
    // a hundred errors all describing one problem stop the check: nothing was left out
    Map<String, Object> repeated = schema();
    List<Object> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      all.add(Map.of("required", List.of("x")));
    }
    repeated.put("allOf", all);

    assertThat(description(repeated, Map.of()))
        .isEqualTo("Invalid parameters: $.x: is required; the check stopped here");
  }

  @Test
  void aRegexValueOverItsBoundStopsTheCheckWithoutClaimingMore() {
    Map<String, Object> regex = schema();
    regex.put("properties", Map.of("c", Map.of("type", "string", "format", "regex")));

    String d = description(regex, Map.of("c", "a".repeat(2_000)));

    assertThat(d).startsWith("Invalid parameters: $.c: is longer than 1000 characters")
        .endsWith("; the check stopped here").doesNotContain("and more");
  }
}

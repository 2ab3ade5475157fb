package io.github.osbsdk.broker.testkit.internal.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Minima within a Java {@code int} that ask one sample for more than a million characters,
 * items or properties (multiplied along the path): the kit derives and judges nothing, naming
 * the keyword path, value and bound, instead of building a sample that size. Each test is
 * bounded in time: the kit used to build such samples until it ran out of memory.
 */
class SchemaSamplesHugeCountsTest {
  private static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";
  private static final Duration LIMIT = Duration.ofSeconds(60);

  private static Map<String, Object> withProperty(Map<String, Object> property) {
    return Map.of("$schema", DRAFT_07, "type", "object", "required", List.of("a"),
        "properties", Map.of("a", property));
  }

  private static void assertNothingDerived(Map<String, Object> schema) {
    assertThat(SchemaSamples.valid(schema)).isEmpty();
    assertThat(SchemaSamples.problems(schema, Map.of()))
        .isEqualTo(SchemaSamples.unsendableCounts(schema));
    assertThat(SchemaSamples.invalid(schema)).isNull();
    assertThat(SchemaSamples.variant(schema, Map.of())).isNull();
  }

  @Test
  void minimumAboveTheSampleBoundLeavesNoSampleAndNamesPathValueAndBound() {
    for (String keyword : List.of("minLength", "minItems", "minProperties")) {
      Map<String, Object> schema = withProperty(Map.of(keyword, 2_000_000_000L));

      assertTimeoutPreemptively(LIMIT, () -> {
        assertThat(SchemaSamples.unsendableCounts(schema)).as(keyword).singleElement()
            .satisfies(line -> assertThat(line)
                .startsWith("$.properties.a." + keyword + " = 2000000000: ")
                .contains("1000000 characters, items or properties"));
        assertNothingDerived(schema);
      }, keyword);
    }
  }

  @Test
  void nestedMinimaMultiplyAlongThePath() {
    Map<String, Object> strings = withProperty(Map.of("type", "array", "minItems", 100_000,
        "items", Map.of("type", "string", "minLength", 100_000)));
    Map<String, Object> objects = withProperty(Map.of("type", "object", "minProperties", 2_000,
        "additionalProperties", Map.of("type", "array", "minItems", 1_000)));

    assertTimeoutPreemptively(LIMIT, () -> {
      assertThat(SchemaSamples.unsendableCounts(strings)).singleElement()
          .satisfies(line -> assertThat(line)
              .startsWith("$.properties.a.items.minLength = 100000: ")
              .contains("at least 100000 values", "1000000 characters", "10000000000 in all"));
      assertNothingDerived(strings);
      assertThat(SchemaSamples.unsendableCounts(objects)).singleElement()
          .satisfies(line -> assertThat(line)
              .startsWith("$.properties.a.additionalProperties.minItems = 1000: ")
              .contains("2000000 in all"));
      assertNothingDerived(objects);
    });
  }

  @Test
  void minimaWithinTheSampleBoundAreSampled() {
    // a million characters in all, and a named property counted once however many are asked
    Map<String, Object> schema = Map.of("$schema", DRAFT_07, "type", "object",
        "required", List.of("a", "b"), "minProperties", 2, "properties", Map.of(
            "a", Map.of("type", "array", "minItems", 1_000,
                "items", Map.of("type", "string", "minLength", 1_000)),
            "b", Map.of("type", "string", "minLength", 600_000)));

    assertTimeoutPreemptively(LIMIT, () -> {
      assertThat(SchemaSamples.unsendableCounts(schema)).isEmpty();
      Map<String, Object> valid = SchemaSamples.valid(schema);
      assertThat((List<?>) valid.get("a")).hasSize(1_000)
          .allSatisfy(s -> assertThat((String) s).hasSizeGreaterThanOrEqualTo(1_000));
      assertThat(SchemaSamples.problems(schema, valid)).isEmpty();
    });
  }
}

package io.github.osbsdk.broker.testkit.internal.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Counts beyond a Java {@code int}, which the validator the kit checks samples with would wrap:
 * a maximum beyond it is no maximum, a minimum beyond it makes the kit derive and judge nothing,
 * naming the keyword and value.
 */
class SchemaSamplesCountsTest {
  private static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";

  @Test
  void maximumBeyondIntIsNoMaximumForStringsArraysAndObjects() {
    Map<String, Object> schema = Map.of("$schema", DRAFT_07, "type", "object",
        "required", List.of("name", "tags"), "maxProperties", 4_294_967_296L,
        "properties", Map.of(
            "name", Map.of("type", "string", "maxLength", 2_147_483_648L),
            "tags", Map.of("type", "array", "minItems", 1, "maxItems", 4_294_967_296L,
                "items", Map.of("type", "string", "maxLength",
                    new BigInteger("123456789012345678901234567890")))));

    Map<String, Object> valid = SchemaSamples.valid(schema);

    assertThat(valid).containsOnlyKeys("name", "tags");
    assertThat((String) valid.get("name")).isNotEmpty();
    assertThat((List<?>) valid.get("tags")).singleElement()
        .satisfies(tag -> assertThat((String) tag).isNotEmpty());
    assertThat(SchemaSamples.problems(schema, valid)).isEmpty();
    assertThat(SchemaSamples.unsendableCounts(schema)).isEmpty();
    // wrong types only: never one property more than a wrapped maxProperties of 0
    assertThat(SchemaSamples.invalid(schema)).containsOnlyKeys("name", "tags");
  }

  @Test
  void minimumBeyondIntLeavesNoSampleAndNamesTheKeywordAndValue() {
    for (String keyword : List.of("minLength", "minItems", "minProperties")) {
      Map<String, Object> schema = Map.of("$schema", DRAFT_07, "type", "object",
          "properties", Map.of("a", Map.of(keyword, 4_294_967_297L, "type", "string")));

      assertThat(SchemaSamples.unsendableCounts(schema)).as(keyword).singleElement()
          .satisfies(line -> assertThat(line).startsWith(
              "$.properties.a." + keyword + " = 4294967297: ").contains("2147483647"));
      assertThat(SchemaSamples.problems(schema, Map.of()))
          .isEqualTo(SchemaSamples.unsendableCounts(schema));
      assertThat(SchemaSamples.invalid(schema)).as(keyword).isNull();
      assertThat(SchemaSamples.variant(schema, Map.of())).as(keyword).isNull();
    }
  }

  @Test
  void containsCountsCountFromDraft06AndNotInsideData() {
    Map<String, Object> body = Map.of("type", "object",
        "default", Map.of("minItems", 4_294_967_296L),
        "properties", Map.of("minLength", Map.of("type", "integer"),
            "list", Map.of("contains", Map.of("type", "integer"),
                "minContains", 4_294_967_296L)));
    Map<String, Object> draft04 = new java.util.LinkedHashMap<>(body);
    draft04.put("$schema", "http://json-schema.org/draft-04/schema#");
    Map<String, Object> draft07 = new java.util.LinkedHashMap<>(body);
    draft07.put("$schema", DRAFT_07);

    assertThat(SchemaSamples.unsendableCounts(draft04)).isEmpty();
    assertThat(SchemaSamples.unsendableCounts(draft07)).singleElement()
        .satisfies(line -> assertThat(line).startsWith(
            "$.properties.list.minContains = 4294967296: "));
  }
}

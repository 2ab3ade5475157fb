package io.github.osbsdk.broker.testkit.internal.check;

import static io.github.osbsdk.broker.testkit.internal.check.SchemaMaps.DRAFT_07;
import static io.github.osbsdk.broker.testkit.internal.check.SchemaMaps.DRAFT_2019;
import static io.github.osbsdk.broker.testkit.internal.check.SchemaMaps.schema;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Samples of object schemas that constrain an object beyond its {@code properties} and
 * {@code required}: {@code minProperties}/{@code maxProperties}, {@code patternProperties},
 * {@code dependencies}/{@code dependentRequired}/{@code dependentSchemas} and
 * {@code if}/{@code then}/{@code else}. Valid ones and variants are accepted by the validator
 * broker-core uses; invalid ones are refused by it.
 */
class SchemaSamplesObjectKeywordsTest {
  private static void assertValidSample(Map<String, Object> schema) {
    Map<String, Object> sample = SchemaSamples.valid(schema);
    assertThat(SchemaSamples.problems(schema, sample)).as("sample %s", sample).isEmpty();
  }

  private static void assertRefused(Map<String, Object> schema, Map<String, Object> params) {
    assertThat(params).as("invalid sample").isNotNull();
    assertThat(SchemaSamples.problems(schema, params)).as("problems of %s", params)
        .isNotEmpty();
  }

  @Test
  void validObjectsHaveAtLeastMinPropertiesProperties() {
    assertValidSample(schema(DRAFT_07, "type", "object", "minProperties", 2,
        "properties", Map.of("a", Map.of("type", "string"),
            "b", Map.of("type", "integer", "minimum", 4))));
    assertValidSample(schema(DRAFT_07, "type", "object", "minProperties", 1));
  }

  @Test
  void validRequiredPropertiesMatchedByPatternPropertiesKeepToTheirSchema() {
    assertValidSample(schema(DRAFT_07, "type", "object", "required", List.of("x-size"),
        "patternProperties", Map.of("^x-", Map.of("type", "integer", "minimum", 5))));
    // no type: the keywords still make it an object
    assertValidSample(schema(DRAFT_07, "required", List.of("x-size"),
        "patternProperties", Map.of("^x-", Map.of("type", "integer", "minimum", 5))));
  }

  @Test
  void validObjectsReachMinPropertiesWithNamesTheirPatternPropertiesAllow() {
    assertValidSample(schema(DRAFT_07, "type", "object", "minProperties", 1,
        "additionalProperties", false,
        "patternProperties", Map.of("^label_[a-z]+$", Map.of("type", "string"))));
    assertValidSample(schema(DRAFT_07, "type", "object", "minProperties", 1,
        "additionalProperties", false,
        "patternProperties", Map.of("^[a-z]+_tag$", Map.of("type", "boolean"))));
  }

  @Test
  void validObjectsSatisfyDependencies() {
    assertValidSample(schema(DRAFT_07, "type", "object", "required", List.of("a"),
        "properties", Map.of("a", Map.of("type", "string"), "b", Map.of("type", "integer")),
        "dependencies", Map.of("a", List.of("b"))));
    assertValidSample(schema(DRAFT_07, "type", "object", "required", List.of("a"),
        "properties", Map.of("a", Map.of("type", "string")),
        "dependencies", Map.of("a", Map.of("required", List.of("c"),
            "properties", Map.of("c", Map.of("type", "integer", "minimum", 9))))));
  }

  @Test
  void validObjectsSatisfyDependentRequiredAndDependentSchemas() {
    assertValidSample(schema(DRAFT_2019, "type", "object", "required", List.of("a"),
        "properties", Map.of("a", Map.of("type", "string"), "b", Map.of("type", "boolean")),
        "dependentRequired", Map.of("a", List.of("b"), "b", List.of("c"))));
    assertValidSample(schema(DRAFT_2019, "type", "object", "required", List.of("a"),
        "properties", Map.of("a", Map.of("type", "string")),
        "dependentSchemas", Map.of("a", Map.of("required", List.of("d"),
            "properties", Map.of("d", Map.of("type", "string", "enum", List.of("on")))))));
  }

  @Test
  void validObjectsSatisfyIfThenElse() {
    Map<String, Object> tiered = schema(DRAFT_07, "type", "object",
        "required", List.of("tier"),
        "properties", Map.of("tier", Map.of("enum", List.of("basic", "premium"))),
        "if", Map.of("properties", Map.of("tier", Map.of("const", "premium"))),
        "then", Map.of("required", List.of("size"),
            "properties", Map.of("size", Map.of("type", "integer", "minimum", 10))),
        "else", Map.of("required", List.of("note"),
            "properties", Map.of("note", Map.of("type", "string"))));
    assertValidSample(tiered);
    // only else says anything: the sample must meet it unless it meets if
    assertValidSample(schema(DRAFT_07, "type", "object",
        "if", Map.of("required", List.of("never")),
        "else", Map.of("required", List.of("always"),
            "properties", Map.of("always", Map.of("type", "integer", "maximum", -3)))));
  }

  @Test
  void variantNeverPassesMaxProperties() {
    Map<String, Object> schema = schema(DRAFT_07, "type", "object", "maxProperties", 1,
        "required", List.of("a"), "properties", Map.of("a", Map.of("enum", List.of("x"))));

    Map<String, Object> variant = SchemaSamples.variant(schema, Map.of("a", "x"));

    assertThat(variant == null ? List.of() : SchemaSamples.problems(schema, variant))
        .as("problems of %s", variant).isEmpty();
  }

  @Test
  void variantChangesAPropertyMatchedOnlyByPatternProperties() {
    Map<String, Object> schema = schema(DRAFT_07, "type", "object",
        "additionalProperties", false, "required", List.of("x-size"),
        "patternProperties", Map.of("^x-", Map.of("type", "integer", "minimum", 1)));
    Map<String, Object> current = Map.of("x-size", 1);

    Map<String, Object> variant = SchemaSamples.variant(schema, current);

    assertThat(variant).isNotNull().isNotEqualTo(current).containsKey("x-size");
    assertThat(SchemaSamples.problems(schema, variant)).isEmpty();
  }

  @Test
  void variantAddsAPropertyNamedAsPatternPropertiesAllowWhenNothingElseCanChange() {
    Map<String, Object> schema = schema(DRAFT_07, "type", "object",
        "additionalProperties", false,
        "patternProperties", Map.of("^label_[a-z]+$", Map.of("type", "string")));

    Map<String, Object> variant = SchemaSamples.variant(schema, Map.of());

    assertThat(variant).isNotNull().isNotEmpty();
    assertThat(SchemaSamples.problems(schema, variant)).isEmpty();
  }

  @Test
  void invalidBreaksAPatternPropertysSchema() {
    Map<String, Object> schema = schema(DRAFT_07, "type", "object",
        "patternProperties", Map.of("^x-", Map.of("type", "integer")));

    assertRefused(schema, SchemaSamples.invalid(schema));
  }

  @Test
  void invalidPassesMaxPropertiesAndFallsShortOfMinProperties() {
    Map<String, Object> max = schema(DRAFT_07, "type", "object", "maxProperties", 1);
    assertRefused(max, SchemaSamples.invalid(max));
    Map<String, Object> min = schema(DRAFT_07, "type", "object", "minProperties", 1);
    assertRefused(min, SchemaSamples.invalid(min));
  }

  @Test
  void invalidLeavesOutWhatAPresentPropertyDependsOn() {
    Map<String, Object> schema = schema(DRAFT_2019, "type", "object",
        "properties", Map.of("a", Map.of(), "b", Map.of()),
        "dependentRequired", Map.of("a", List.of("b")));

    assertRefused(schema, SchemaSamples.invalid(schema));
    Map<String, Object> draft7 = schema(DRAFT_07, "type", "object",
        "properties", Map.of("a", Map.of(), "b", Map.of()),
        "dependencies", Map.of("a", List.of("b")));
    assertRefused(draft7, SchemaSamples.invalid(draft7));
  }
}

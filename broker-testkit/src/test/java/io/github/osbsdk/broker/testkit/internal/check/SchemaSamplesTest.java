package io.github.osbsdk.broker.testkit.internal.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaSamplesTest {
  private static final Map<String, Object> SCHEMA = Map.of(
      "$schema", "http://json-schema.org/draft-04/schema#",
      "type", "object",
      "required", List.of("size", "tier", "name"),
      "additionalProperties", false,
      "properties", Map.of(
          "size", Map.of("type", "integer", "minimum", 3),
          "tier", Map.of("type", "string", "enum", List.of("gold", "silver")),
          "name", Map.of("type", "string", "minLength", 20, "maxLength", 30),
          "optional", Map.of("type", "boolean")));

  @Test
  void validParametersSatisfyRequiredPropertiesWithinBounds() {
    Map<String, Object> valid = SchemaSamples.valid(SCHEMA);

    assertThat(valid).containsOnlyKeys("size", "tier", "name");
    assertThat(valid.get("size")).isEqualTo(3);
    assertThat(valid.get("tier")).isEqualTo("gold");
    assertThat((String) valid.get("name")).hasSizeBetween(20, 30);
  }

  @Test
  void noSchemaMeansNoParameters() {
    assertThat(SchemaSamples.valid(null)).isEmpty();
    assertThat(SchemaSamples.invalid(null)).isNull();
    assertThat(SchemaSamples.variant(null, Map.of())).containsKey("osb_conformance_variant");
  }

  @Test
  void invalidParametersBreakATypedProperty() {
    Map<String, Object> invalid = SchemaSamples.invalid(SCHEMA);

    assertThat(invalid).isNotNull();
    assertThat(invalid).isNotEqualTo(SchemaSamples.valid(SCHEMA));
  }

  @Test
  void invalidFallsBackToAnUnknownPropertyWhenAdditionalPropertiesAreForbidden() {
    Map<String, Object> invalid = SchemaSamples.invalid(Map.of("type", "object",
        "additionalProperties", false));

    assertThat(invalid).containsKey("osb_conformance_unexpected_parameter");
  }

  @Test
  void invalidIsNullWhenTheSchemaAcceptsEverything() {
    assertThat(SchemaSamples.invalid(Map.of("type", "object"))).isNull();
  }

  @Test
  void variantChangesAPropertyWithinTheSchema() {
    Map<String, Object> current = SchemaSamples.valid(SCHEMA);

    Map<String, Object> variant = SchemaSamples.variant(SCHEMA, current);

    assertThat(variant).isNotNull().isNotEqualTo(current);
    assertThat(variant.keySet()).isSubsetOf("size", "tier", "name", "optional");
  }

  @Test
  void variantFlipsABooleanWhenItIsTheOnlyProperty() {
    Map<String, Object> schema = Map.of("type", "object", "additionalProperties", false,
        "properties", Map.of("read_only", Map.of("type", "boolean")));

    assertThat(SchemaSamples.variant(schema, Map.of())).isEqualTo(Map.of("read_only", true));
    assertThat(SchemaSamples.variant(schema, Map.of("read_only", true)))
        .isEqualTo(Map.of("read_only", false));
  }

  @Test
  void variantGivesANumberAnotherValueWithinItsBounds() {
    Map<String, Object> schema = Map.of("type", "object", "additionalProperties", false,
        "properties", Map.of("ttl_hours", Map.of("type", "number", "minimum", 0.5,
            "maximum", 24)));

    assertThat(SchemaSamples.variant(schema, Map.of())).isEqualTo(Map.of("ttl_hours", 0.5));
    assertThat(SchemaSamples.variant(schema, Map.of("ttl_hours", 0.5)))
        .isEqualTo(Map.of("ttl_hours", 1.5));
  }

  @Test
  void variantGivesAFormattedStringAnotherValueOfItsFormat() {
    Map<String, Object> schema = Map.of("type", "object", "additionalProperties", false,
        "required", List.of("notify"),
        "properties", Map.of("notify", Map.of("type", "string", "format", "email")));
    Map<String, Object> current = SchemaSamples.valid(schema);

    assertThat(SchemaSamples.variant(schema, current))
        .isEqualTo(Map.of("notify", "osb2@example.com"));
  }

  @Test
  void variantLeavesOutAnOptionalPropertyNothingElseCanChange() {
    Map<String, Object> schema = Map.of("type", "object", "additionalProperties", false,
        "properties", Map.of("tier", Map.of("type", "string", "enum", List.of("gold"))));

    assertThat(SchemaSamples.variant(schema, Map.of("tier", "gold"))).isEmpty();
  }

  @Test
  void variantSendsAnOptionalObjectPropertyNotSentBefore() {
    Map<String, Object> schema = Map.of("type", "object", "additionalProperties", false,
        "properties", Map.of("limits", Map.of("type", "object", "required", List.of("cpu"),
            "properties", Map.of("cpu", Map.of("type", "integer", "minimum", 2)))));

    assertThat(SchemaSamples.variant(schema, Map.of()))
        .isEqualTo(Map.of("limits", Map.of("cpu", 2)));
  }

  @Test
  void variantIsNullWhenAClosedSchemaLeavesNothingToChange() {
    Map<String, Object> schema = Map.of("type", "object", "additionalProperties", false,
        "required", List.of("tier", "code"),
        "properties", Map.of("tier", Map.of("type", "string", "enum", List.of("gold")),
            "code", Map.of("type", "string", "pattern", "^[A-Z]{3}$")));

    assertThat(SchemaSamples.variant(schema, Map.of("tier", "gold", "code", "ABC"))).isNull();
  }
}

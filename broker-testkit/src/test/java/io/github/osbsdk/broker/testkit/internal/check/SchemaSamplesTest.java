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
}

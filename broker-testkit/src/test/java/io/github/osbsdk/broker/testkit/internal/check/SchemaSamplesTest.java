package io.github.osbsdk.broker.testkit.internal.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
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

  /** A schema whose one property {@code n}, required, has the type and keywords given. */
  private static Map<String, Object> numberSchema(String type, Object... keywords) {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("type", type);
    for (int i = 0; i < keywords.length; i += 2) {
      n.put((String) keywords[i], keywords[i + 1]);
    }
    return Map.of("$schema", "http://json-schema.org/draft-04/schema#", "type", "object",
        "required", List.of("n"), "properties", Map.of("n", n));
  }

  private static BigDecimal validN(Map<String, Object> schema) {
    Object n = SchemaSamples.valid(schema).get("n");
    assertThat(n).isInstanceOf(Number.class);
    return new BigDecimal(n.toString());
  }

  @Test
  void validNumbersStayAboveADraft4ExclusiveMinimum() {
    assertThat(validN(numberSchema("integer", "minimum", 0, "exclusiveMinimum", true)))
        .isGreaterThan(BigDecimal.ZERO);
    assertThat(validN(numberSchema("number", "minimum", 0.5, "exclusiveMinimum", true,
        "maximum", 1, "exclusiveMaximum", true)))
        .isGreaterThan(new BigDecimal("0.5")).isLessThan(BigDecimal.ONE);
  }

  @Test
  void validNumbersStayBelowADraft4ExclusiveMaximum() {
    assertThat(validN(numberSchema("number", "maximum", 0.5, "exclusiveMaximum", true)))
        .isLessThan(new BigDecimal("0.5"));
    assertThat(validN(numberSchema("integer", "maximum", 1, "exclusiveMaximum", true)))
        .isLessThan(BigDecimal.ONE);
  }

  @Test
  void validNumbersStayWithinNumericExclusiveBounds() {
    assertThat(validN(numberSchema("number", "exclusiveMaximum", 1)))
        .isLessThan(BigDecimal.ONE);
    assertThat(validN(numberSchema("number", "exclusiveMinimum", 5, "maximum", 5.5)))
        .isGreaterThan(new BigDecimal("5")).isLessThanOrEqualTo(
            new BigDecimal("5.5"));
    assertThat(validN(numberSchema("integer", "exclusiveMinimum", 2, "exclusiveMaximum", 4)))
        .isEqualByComparingTo("3");
  }

  @Test
  void validNumbersAreMultiplesOfMultipleOf() {
    assertThat(validN(numberSchema("integer", "multipleOf", 5))).isEqualByComparingTo("5");
    assertThat(validN(numberSchema("integer", "minimum", 1, "multipleOf", 5)))
        .isEqualByComparingTo("5");
    assertThat(validN(numberSchema("number", "minimum", 0.25, "multipleOf", 0.1)))
        .isEqualByComparingTo("0.3");
    assertThat(validN(numberSchema("integer", "multipleOf", 2.5))).isEqualByComparingTo("5");
    assertThat(validN(numberSchema("number", "maximum", 10, "exclusiveMaximum", true,
        "multipleOf", 4, "minimum", 5))).isEqualByComparingTo("8");
  }

  @Test
  void validIntegersAreWholeAboveAFractionalMinimum() {
    assertThat(validN(numberSchema("integer", "minimum", 0.5))).isEqualByComparingTo("1");
  }

  @Test
  void variantGivesANumberAnotherValueWithinExclusiveBoundsAndMultipleOf() {
    Map<String, Object> schema = Map.of("type", "object", "additionalProperties", false,
        "properties", Map.of("n", Map.of("type", "integer", "minimum", 10,
            "exclusiveMaximum", 30, "multipleOf", 10)));

    assertThat(SchemaSamples.variant(schema, Map.of())).isEqualTo(Map.of("n", 10));
    assertThat(SchemaSamples.variant(schema, Map.of("n", 10))).isEqualTo(Map.of("n", 20));
    assertThat(SchemaSamples.variant(schema, Map.of("n", 20))).isEqualTo(Map.of("n", 10));
  }
}

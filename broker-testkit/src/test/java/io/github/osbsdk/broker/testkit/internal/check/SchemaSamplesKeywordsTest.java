package io.github.osbsdk.broker.testkit.internal.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import io.github.osbsdk.broker.core.internal.schema.JsonSchemas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The "valid" samples of schemas using keywords beyond types and bounds are accepted by the
 * validator broker-core uses.
 */
class SchemaSamplesKeywordsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A draft-07 object schema whose one property {@code p}, required, is {@code prop}. */
  private static Map<String, Object> withRequired(Map<String, Object> prop) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", "http://json-schema.org/draft-07/schema#");
    schema.put("type", "object");
    schema.put("required", List.of("p"));
    schema.put("properties", Map.of("p", prop));
    return schema;
  }

  private static List<Error> problems(Map<String, Object> schema, Map<String, Object> params) {
    return JsonSchemas.compile(MAPPER.valueToTree(schema)).validate(MAPPER.valueToTree(params));
  }

  private static void assertValidSample(Map<String, Object> schema) {
    Map<String, Object> sample = SchemaSamples.valid(schema);
    assertThat(problems(schema, sample)).as("sample %s", sample).isEmpty();
  }

  @Test
  void validStringsMatchASimplePattern() {
    assertValidSample(withRequired(Map.of("type", "string", "pattern", "^[0-9]+$")));
    assertValidSample(withRequired(Map.of("type", "string", "pattern", "^[a-z]{3}$")));
  }

  @Test
  void validArraysWithUniqueItemsHoldDistinctItems() {
    assertValidSample(withRequired(Map.of("type", "array", "minItems", 3, "uniqueItems", true,
        "items", Map.of("type", "string"))));
    assertValidSample(withRequired(Map.of("type", "array", "minItems", 2, "uniqueItems", true,
        "items", Map.of("type", "integer", "minimum", 1))));
  }

  @Test
  void validArraysKeepToMaxItemsEvenWhenADefaultIsLonger() {
    assertValidSample(withRequired(Map.of("type", "array", "maxItems", 1,
        "default", List.of("a", "b"), "items", Map.of("type", "string"))));
  }

  @Test
  void validValuesSatisfyOneOfAnyOfAndAllOf() {
    assertValidSample(withRequired(Map.of("oneOf", List.of(Map.of("type", "integer"),
        Map.of("type", "boolean")))));
    assertValidSample(withRequired(Map.of("anyOf", List.of(Map.of("type", "integer",
        "minimum", 7)))));
    assertValidSample(withRequired(Map.of("allOf", List.of(Map.of("type", "object"),
        Map.of("required", List.of("size"),
            "properties", Map.of("size", Map.of("type", "integer", "minimum", 4)))))));
  }

  @Test
  void validObjectsSatisfyTheirTopLevelAllOf() {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("allOf", List.of(Map.of("required", List.of("size"),
        "properties", Map.of("size", Map.of("type", "integer", "minimum", 4)))));
    assertValidSample(schema);
  }

  @Test
  void validValuesFollowLocalRefsToDefinitions() {
    Map<String, Object> schema = withRequired(Map.of("$ref", "#/definitions/size"));
    schema.put("definitions", Map.of("size", Map.of("type", "integer", "minimum", 3)));
    assertValidSample(schema);
    Map<String, Object> defs = new LinkedHashMap<>(withRequired(Map.of("$ref", "#/$defs/tier")));
    defs.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    defs.put("$defs", Map.of("tier", Map.of("type", "string", "enum", List.of("gold"))));
    assertValidSample(defs);
  }

  @Test
  void validValuesAvoidWhatNotExcludes() {
    assertValidSample(withRequired(Map.of("type", "string",
        "not", Map.of("enum", List.of("osbconformance")))));
    assertValidSample(withRequired(Map.of("type", "boolean", "not", Map.of("const", true))));
  }

  @Test
  void validValuesKeepToEnumAndConstWhenDefaultAndExamplesDoNot() {
    assertValidSample(withRequired(Map.of("type", "string", "enum", List.of("gold", "silver"),
        "default", "bronze")));
    assertValidSample(withRequired(Map.of("type", "integer", "enum", List.of("x", 3))));
    assertValidSample(withRequired(Map.of("const", "gold", "examples", List.of("silver"))));
  }

  @Test
  void validFormattedStringsKeepTheirFormatWithinLengthBounds() {
    assertValidSample(withRequired(Map.of("type", "string", "format", "email",
        "minLength", 30)));
    assertValidSample(withRequired(Map.of("type", "string", "format", "date-time",
        "minLength", 24)));
    assertValidSample(withRequired(Map.of("type", "string", "format", "uri", "maxLength", 12)));
  }

  @Test
  void problemsNameTheSchemaLocationOfAPatternNoCandidateMatches() {
    Map<String, Object> schema = withRequired(Map.of("type", "string",
        "pattern", "^[A-Z]{2}-[0-9]{4}-[a-f]{3}$"));

    assertThat(SchemaSamples.problems(schema, SchemaSamples.valid(schema)))
        .singleElement().asString().contains("/properties/p/pattern");
  }

  @Test
  void problemsAreEmptyForAValidSample() {
    Map<String, Object> schema = withRequired(Map.of("type", "integer", "minimum", 3));

    assertThat(SchemaSamples.problems(schema, SchemaSamples.valid(schema))).isEmpty();
  }
}

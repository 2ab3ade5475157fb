package io.github.osbsdk.broker.core.catalog;

import static io.github.osbsdk.broker.core.catalog.TestCatalogs.planWithSchema;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.schema;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.withPlan;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.internal.schema.JsonSchemas;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Catalog patterns run on a linear-time engine (RE2J), or, when they need lookaround or
 * backreferences, on java.util.regex with a step budget; a pattern neither engine compiles is
 * refused when the broker is built, naming the plan's schema, the pattern's place and the
 * pattern.
 */
class CatalogSchemaPatternsTest {
  private static final String CREATE = "services[0].plans[0].schemas.service_instance.create"
      + ".parameters";

  private static CatalogReport validateCreateSchema(Map<String, Object> schema) {
    return CatalogValidator.validate(withPlan(planWithSchema(schema)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"^(?=.*[0-9]).{8,}$", "^(a+)\\1$", "(?<!-)end$", "^a(?!b)",
      "^(?>a+)b$", "^a++b$"})
  void patternOnlyTheBoundedBacktrackingEngineRunsIsFine(String pattern) {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", Map.of("password", Map.of("type", "string", "pattern", pattern)))));

    assertThat(report.errors()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"^(a", "[a-", "a{2,1}", "*a"})
  void patternNeitherEngineCompilesIsAnErrorNamingThePattern(String pattern) {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", Map.of("password", Map.of("type", "string", "pattern", pattern)))));

    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo(CREATE);
      assertThat(e.message()).contains("$.properties.password.pattern", pattern, "RE2J",
          "java.util.regex");
    });
  }

  @Test
  void patternPropertiesKeyWithLookaheadIsFine() {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "patternProperties", Map.of("^(?!x-)[a-z]+$", Map.of("type", "string")))));

    assertThat(report.errors()).isEmpty();
  }

  @Test
  void patternPropertiesKeyNeitherEngineCompilesIsAnError() {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "patternProperties", Map.of("^(?!x-[a-z]+$", Map.of("type", "string")))));

    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo(CREATE);
      assertThat(e.message()).contains("$.patternProperties", "^(?!x-[a-z]+$", "RE2J");
    });
  }

  @Test
  void ordinaryPatternsAreFine() {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", Map.of(
            "name", Map.of("type", "string", "pattern", "^[a-z][a-z0-9-]{0,62}$"),
            "zone", Map.of("type", "string", "pattern", "^(us|eu)-[a-z]+-\\d$"),
            "label", Map.of("type", "string", "pattern", "^\\p{L}[\\p{L}\\p{N} _.-]*$")),
        "patternProperties", Map.of("^x-[A-Za-z0-9_]+$", Map.of("type", "string")))));

    assertThat(report.errors()).isEmpty();
  }

  @Test
  void patternInsideAnEnumIsDataNotAPattern() {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", Map.of("rule", Map.of("enum",
            java.util.List.of(Map.of("pattern", "(?=x)")))))));

    assertThat(report.errors()).isEmpty();
  }

  @Test
  void longPatternsAreFineThoughCustomersMayNotSendSuchRegexValues() {
    // the meta-schema checks every pattern with the "regex" format; the provider's own
    // patterns, compiled once, are not held to the bounds of a customer's request
    String regions = "^(" + String.join("|", java.util.Collections.nCopies(200, "us-south"))
        + ")$";
    Map<String, Object> properties = new java.util.HashMap<>();
    for (int i = 0; i < 12; i++) {
      properties.put("region" + i, Map.of("type", "string", "pattern", regions));
    }
    properties.put("name", Map.of("type", "string",
        "pattern", "^[a-z]{1,63}(\\.[a-z]{1,63}){0,126}$"));

    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", properties)));

    assertThat(regions.length()).isGreaterThan(1_000);
    assertThat(report.errors()).isEmpty();
  }

  @Test
  void patternLongerThanTheCatalogBoundIsAnErrorNamingItsPlace() {
    // compiling costs time quadratic in a pattern's length, several times at start: 100,000
    // characters took seconds; no real catalog needs a pattern this long
    String tooLong = "^" + "a".repeat(JsonSchemas.MAX_PATTERN_LENGTH) + "$";

    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", Map.of("name", Map.of("type", "string", "pattern", tooLong)))));

    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo(CREATE);
      assertThat(e.message()).contains("$.properties.name.pattern",
          (JsonSchemas.MAX_PATTERN_LENGTH + 2) + " characters",
          String.valueOf(JsonSchemas.MAX_PATTERN_LENGTH));
    });
  }

  @Test
  void patternPropertiesKeyLongerThanTheCatalogBoundIsAnErrorNamingItsPlace() {
    String tooLong = "^" + "b".repeat(JsonSchemas.MAX_PATTERN_LENGTH);

    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "patternProperties", Map.of(tooLong, Map.of("type", "string")))));

    assertThat(report.errors()).singleElement().satisfies(e ->
        assertThat(e.message()).contains("$.patternProperties",
            (JsonSchemas.MAX_PATTERN_LENGTH + 1) + " characters"));
  }

  @Test
  void patternOverTheCatalogBoundWrittenOutIsAnErrorNamingItsPlace() {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", Map.of("name", Map.of("type", "string",
            "pattern", "^((a{1000}){1000}){1000}$")))));

    assertThat(report.errors()).singleElement().satisfies(e ->
        assertThat(e.message()).contains("$.properties.name.pattern", "written out"));
  }

  @Test
  void patternOfExactlyTheCatalogBoundIsFine() {
    String longest = "^" + "c".repeat(JsonSchemas.MAX_PATTERN_LENGTH - 2) + "$";

    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", Map.of("name", Map.of("type", "string", "pattern", longest)))));

    assertThat(report.errors()).isEmpty();
  }
}

package io.github.osbsdk.broker.core.catalog;

import static io.github.osbsdk.broker.core.catalog.TestCatalogs.planWithSchema;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.withPlan;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The count keywords ({@code minLength} ... {@code maxContains}), which the validator holds as a
 * Java {@code int}: a count beyond it would wrap around ({@code 4294967296} counting as 0), so
 * the catalog refuses it, in every dialect, naming the plan's schema and the keyword. Values its
 * meta-schema refuses (negative, fractional; {@code multipleOf} 0 or negative) stay refused.
 */
class CatalogSchemaCountsTest {
  private static final String CREATE = "services[0].plans[0].schemas.service_instance.create"
      + ".parameters";
  private static final List<String> DIALECTS = List.of(
      "http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-06/schema#",
      "http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2019-09/schema",
      "https://json-schema.org/draft/2020-12/schema");
  private static final List<String> COUNTS = List.of("minLength", "maxLength", "minItems",
      "maxItems", "minProperties", "maxProperties");
  /**
   * Beyond {@code int}: 2^31, 2^32 (read as 0), 2^32 + 1 (read as 1), a 30-digit one and a
   * double beyond {@code long}.
   */
  private static final List<Object> BEYOND_INT = List.of(2_147_483_648L, 4_294_967_296L,
      4_294_967_297L, new BigInteger("123456789012345678901234567890"), 1e300);

  private static CatalogReport validate(String dialect, Map<String, Object> body) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", dialect);
    schema.put("type", "object");
    schema.putAll(body);
    return CatalogValidator.validate(withPlan(planWithSchema(schema)));
  }

  @Test
  void countBeyondIntIsAnErrorNamingTheKeywordInEveryDialect() {
    List<String> accepted = new ArrayList<>();
    for (String dialect : DIALECTS) {
      for (String keyword : COUNTS) {
        for (Object count : BEYOND_INT) {
          if (count instanceof Double && dialect.equals(DIALECTS.get(0))) {
            continue; // draft-04's meta-schema already refuses it: its integers have no "."
          }
          CatalogReport report = validate(dialect, Map.of("properties",
              Map.of("a", Map.of(keyword, count))));
          if (report.errors().size() != 1
              || !report.errors().get(0).path().equals(CREATE)
              || !report.errors().get(0).message().contains("$.properties.a." + keyword + " = "
                  + count)
              || !report.errors().get(0).message().contains("2147483647")) {
            accepted.add(dialect + " " + keyword + " " + count + ": " + report.errors());
          }
        }
      }
    }
    assertThat(accepted).isEmpty();
  }

  @Test
  void containsCountBeyondIntIsAnErrorWhereContainsIsAKeyword() {
    for (String dialect : DIALECTS.subList(1, DIALECTS.size())) {
      for (String keyword : List.of("minContains", "maxContains")) {
        CatalogReport report = validate(dialect, Map.of("properties", Map.of("a",
            Map.of("contains", Map.of("type", "integer"), keyword, 4_294_967_296L))));
        assertThat(report.errors()).as(dialect + " " + keyword).singleElement()
            .satisfies(e -> assertThat(e.message()).contains(
                "$.properties.a." + keyword + " = 4294967296", "2147483647"));
      }
    }
  }

  @Test
  void negativeContainsCountIsAnErrorInDraft06And07Too() {
    // draft-06 and -07 do not define minContains/maxContains, so their meta-schemas do not check
    // them; the SDK applies them there as 2019-09 does, and so refuses what it cannot apply
    for (String dialect : DIALECTS.subList(1, 3)) {
      CatalogReport report = validate(dialect, Map.of("properties", Map.of("a",
          Map.of("contains", Map.of("type", "integer"), "maxContains", -1))));
      assertThat(report.errors()).as(dialect).singleElement()
          .satisfies(e -> assertThat(e.message()).contains("$.properties.a.maxContains = -1"));
    }
  }

  @Test
  void largestIntCountIsFine() {
    for (String dialect : DIALECTS) {
      for (String keyword : COUNTS) {
        assertThat(validate(dialect, Map.of(keyword, Integer.MAX_VALUE)).errors())
            .as(dialect + " " + keyword).isEmpty();
      }
    }
  }

  @Test
  void countNamedPropertyOrCountInsideDataIsNotAKeyword() {
    CatalogReport report = validate(DIALECTS.get(4), Map.of(
        "properties", Map.of("maxLength", Map.of("type", "integer")),
        "default", Map.of("maxLength", 4_294_967_296L),
        "enum", List.of(Map.of("minItems", 4_294_967_296L))));
    assertThat(report.errors()).isEmpty();
  }

  @Test
  void negativeOrFractionalCountsAndNonPositiveMultipleOfAreErrorsInEveryDialect() {
    List<String> accepted = new ArrayList<>();
    for (String dialect : DIALECTS) {
      List<Map<String, Object>> bad = new ArrayList<>();
      for (String keyword : COUNTS) {
        bad.add(Map.of(keyword, -1));
        bad.add(Map.of(keyword, 1.5));
      }
      bad.add(Map.of("multipleOf", 0));
      bad.add(Map.of("multipleOf", -2));
      bad.add(Map.of("multipleOf", -0.5));
      for (Map<String, Object> body : bad) {
        if (validate(dialect, Map.of("properties", Map.of("a", body))).errors().size() != 1) {
          accepted.add(dialect + " " + body);
        }
      }
    }
    assertThat(accepted).isEmpty();
  }
}

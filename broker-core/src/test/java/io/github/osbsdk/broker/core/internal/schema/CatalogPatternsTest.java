package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.core.catalog.CatalogReport;
import io.github.osbsdk.broker.core.catalog.CatalogValidator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A broker's start (the catalog validator, then the parameter validator, as the broker builds
 * them) compiles each distinct catalog pattern once, however many schemas and places use it and
 * however many checks read it; customers' {@code regex} values are not kept.
 */
class CatalogPatternsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * A draft-07 schema using {@code pattern} in two properties and as a patternProperties name,
   * with its own {@code title} (a catalog's schemas differ).
   */
  private static Map<String, Object> schemaUsing(String pattern, String title) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("$schema", "http://json-schema.org/draft-07/schema#");
    s.put("title", title);
    s.put("type", "object");
    s.put("properties", Map.of(
        "a", Map.of("type", "string", "pattern", pattern),
        "b", Map.of("type", "string", "pattern", pattern),
        "c", Map.of("type", "string", "format", "regex")));
    s.put("patternProperties", Map.of(pattern, Map.of("type", "string")));
    return s;
  }

  private static Catalog catalogUsing(String pattern) {
    return Catalog.of(ServiceOffering.builder("svc-p", "svc-p", "d").bindable(true)
        .plan(Plan.builder("plan-p", "p", "d").schemas(Schemas.builder()
            .instanceCreate(schemaUsing(pattern, "p-c")).instanceUpdate(schemaUsing(pattern, "p-u"))
            .bindingCreate(schemaUsing(pattern, "p-b")).build()).build())
        .plan(Plan.builder("plan-q", "q", "d")
            .schemas(Schemas.builder().instanceCreate(schemaUsing(pattern, "q-c")).build()).build())
        .build());
  }

  /** The engine compilations a broker's start makes for the catalog. */
  private static long compilationsAtStart(Catalog catalog) {
    long before = SchemaRegexes.COMPILATIONS.sum();
    CatalogReport report = CatalogValidator.validate(catalog);
    assertThat(report.errors()).as(report.describe()).isEmpty();
    ParameterValidator.of(catalog, MAPPER);
    return SchemaRegexes.COMPILATIONS.sum() - before;
  }

  @Test
  void aCatalogPatternIsCompiledOnceAtStart() {
    String pattern = "^[a-z]{2}-" + UUID.randomUUID() + "$";

    assertThat(compilationsAtStart(catalogUsing(pattern))).as("RE2J compilations")
        .isEqualTo(1);
    assertThat(compilationsAtStart(catalogUsing(pattern))).as("after a reload").isZero();
  }

  @Test
  void aLookaroundCatalogPatternIsCompiledOnceByEachEngine() {
    // RE2J refuses it once, java.util.regex compiles it once
    String pattern = "^(?=.*[A-Z])" + UUID.randomUUID() + ".{8,}$";

    assertThat(compilationsAtStart(catalogUsing(pattern))).isEqualTo(2);
  }

  @Test
  void aCustomersRegexValueIsCompiledByEachCheckAndNotKept() {
    ParameterValidator v = ParameterValidator.of(catalogUsing("^x$"), MAPPER);
    String value = "^[0-9]+-" + UUID.randomUUID() + "$";
    long before = SchemaRegexes.COMPILATIONS.sum();

    v.validateProvision("plan-p", Map.of("c", value));
    v.validateProvision("plan-p", Map.of("c", value));

    assertThat(SchemaRegexes.COMPILATIONS.sum() - before).isEqualTo(2);
    assertThat(CatalogPatterns.find(value)).isNull();
  }
}

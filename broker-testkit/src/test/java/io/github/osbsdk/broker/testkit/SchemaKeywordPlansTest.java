package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.testkit.support.ImmediateProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Plans whose schemas constrain the parameters object beyond {@code properties} and
 * {@code required} ({@code minProperties}/{@code maxProperties}, {@code patternProperties},
 * {@code dependencies}, {@code dependentRequired}/{@code dependentSchemas},
 * {@code if}/{@code then}/{@code else}; {@code propertyNames}, {@code contains},
 * {@code unevaluatedProperties}): a correct broker built on broker-core, which validates
 * parameters against them, passes every check, and the checks that send parameters run.
 */
class SchemaKeywordPlansTest {
  private static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";
  private static final String DRAFT_2019 = "https://json-schema.org/draft/2019-09/schema";
  private static final String DRAFT_2020 = "https://json-schema.org/draft/2020-12/schema";

  /** A bind schema that admits one property alone: a second one passes maxProperties. */
  private static final Map<String, Object> ONE_PROPERTY = Map.of("$schema", DRAFT_07,
      "type", "object", "maxProperties", 1, "required", List.of("role"),
      "properties", Map.of("role", Map.of("enum", List.of("reader"))));

  private static final Catalog CATALOG = Catalog.of(
      ServiceOffering.builder("svc-keywords", "keywords", "Schemas with object keywords")
          .bindable(true)
          .plan(plan("plan-min", "min", Map.of("$schema", DRAFT_07, "type", "object",
              "minProperties", 2, "properties", Map.of("a", Map.of("type", "string"),
                  "b", Map.of("type", "integer", "minimum", 4)))))
          .plan(plan("plan-pattern", "pattern", Map.of("$schema", DRAFT_07, "type", "object",
              "additionalProperties", false, "required", List.of("x-size"),
              "patternProperties", Map.of("^x-", Map.of("type", "integer", "minimum", 5)))))
          .plan(plan("plan-dependent", "dependent", Map.of("$schema", DRAFT_2019,
              "type", "object", "required", List.of("a"),
              "properties", Map.of("a", Map.of("type", "string"),
                  "b", Map.of("type", "boolean")),
              "dependentRequired", Map.of("a", List.of("b")),
              "dependentSchemas", Map.of("b", Map.of("required", List.of("c"),
                  "properties", Map.of("c", Map.of("type", "integer", "minimum", 7)))))))
          .plan(plan("plan-if", "conditional", Map.of("$schema", DRAFT_07, "type", "object",
              "required", List.of("tier"),
              "properties", Map.of("tier", Map.of("enum", List.of("basic", "premium"))),
              "if", Map.of("properties", Map.of("tier", Map.of("const", "premium"))),
              "then", Map.of("required", List.of("size"),
                  "properties", Map.of("size", Map.of("type", "integer", "minimum", 10))),
              "else", Map.of("required", List.of("note"),
                  "properties", Map.of("note", Map.of("type", "string"))))))
          .build());

  private static Plan plan(String id, String name, Map<String, Object> create) {
    return Plan.builder(id, name, name).schemas(Schemas.builder().instanceCreate(create)
        .bindingCreate(ONE_PROPERTY).build()).build();
  }

  /** A bind schema whose one required array must hold "reader", and nothing else. */
  private static final Map<String, Object> READER = Map.of("$schema", DRAFT_2020,
      "type", "object", "required", List.of("roles"), "unevaluatedProperties", false,
      "properties", Map.of("roles", Map.of("type", "array",
          "items", Map.of("type", "string"), "contains", Map.of("const", "reader"))));

  private static final Catalog NAMES_AND_ITEMS = Catalog.of(
      ServiceOffering.builder("svc-names", "names", "Schemas with name and item keywords")
          .bindable(true)
          // only propertyNames can be broken
          .plan(readerPlan("plan-names", "names", Map.of("$schema", DRAFT_2020,
              "type", "object", "propertyNames", Map.of("pattern", "^[a-z]+$"))))
          // the kit's own names are too long
          .plan(readerPlan("plan-short", "short", Map.of("$schema", DRAFT_07, "type", "object",
              "minProperties", 2, "propertyNames", Map.of("maxLength", 5))))
          .plan(readerPlan("plan-contains", "contains", Map.of("$schema", DRAFT_2019,
              "type", "object", "required", List.of("roles"),
              "properties", Map.of("roles", Map.of("type", "array",
                  "items", Map.of("type", "string"), "contains", Map.of("const", "admin"))))))
          // only unevaluatedProperties can be broken
          .plan(readerPlan("plan-closed", "closed", Map.of("$schema", DRAFT_2019,
              "type", "object", "properties", Map.of("note", Map.of()),
              "unevaluatedProperties", false)))
          .plan(readerPlan("plan-counts", "counts", Map.of("$schema", DRAFT_2020,
              "type", "object", "minProperties", 1,
              "unevaluatedProperties", Map.of("type", "integer", "minimum", 3))))
          .build());

  private static Plan readerPlan(String id, String name, Map<String, Object> create) {
    return Plan.builder(id, name, name).schemas(Schemas.builder()
        .instanceCreate(create).bindingCreate(READER).build()).build();
  }

  /** Runs the suite: nothing fails, and each plan's checks that send parameters pass. */
  private static void assertEveryPlanPassesItsParameterChecks(Catalog catalog, int plans) {
    SuiteResult result = ImmediateProvider.suite(catalog).build().run();

    assertThat(result.results()).filteredOn(CheckResult::isFailed).as(result::report).isEmpty();
    for (String rule : List.of("provision.created", "provision.identical",
        "provision.invalid-parameters", "bind.created", "bind.conflict",
        "bind.invalid-parameters")) {
      assertThat(result.results()).as(rule).filteredOn(r -> r.ruleId().equals(rule))
          .hasSize(plans).allSatisfy(r -> assertThat(r.isPassed()).as(r.describe()).isTrue());
    }
  }

  @Test
  void plansWithObjectKeywordSchemasPassAndTheirParameterChecksRun() {
    assertEveryPlanPassesItsParameterChecks(CATALOG, 4);
  }

  @Test
  void plansWithNameAndItemKeywordSchemasPassAndTheirParameterChecksRun() {
    assertEveryPlanPassesItsParameterChecks(NAMES_AND_ITEMS, 5);
  }
}

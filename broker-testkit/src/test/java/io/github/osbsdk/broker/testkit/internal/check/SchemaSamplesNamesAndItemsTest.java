package io.github.osbsdk.broker.testkit.internal.check;

import static io.github.osbsdk.broker.testkit.internal.check.SchemaMaps.DRAFT_04;
import static io.github.osbsdk.broker.testkit.internal.check.SchemaMaps.DRAFT_07;
import static io.github.osbsdk.broker.testkit.internal.check.SchemaMaps.DRAFT_2019;
import static io.github.osbsdk.broker.testkit.internal.check.SchemaMaps.DRAFT_2020;
import static io.github.osbsdk.broker.testkit.internal.check.SchemaMaps.schema;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Samples of schemas that constrain property names ({@code propertyNames}), the items an array
 * must hold ({@code contains}, {@code minContains}, {@code maxContains}) and the properties no
 * other keyword evaluated ({@code unevaluatedProperties}), as the draft a schema names means
 * them: valid ones are accepted by the validator broker-core uses, invalid ones refused by it
 * for the keyword, and a keyword the draft does not know yields no invalid sample.
 */
class SchemaSamplesNamesAndItemsTest {
  private static Map<String, Object> assertValidSample(Map<String, Object> schema) {
    Map<String, Object> sample = SchemaSamples.valid(schema);
    assertThat(SchemaSamples.problems(schema, sample)).as("sample %s", sample).isEmpty();
    return sample;
  }

  /** The invalid sample is refused, with a problem that names {@code what}. */
  private static void assertRefusedFor(Map<String, Object> schema, String what) {
    Map<String, Object> invalid = SchemaSamples.invalid(schema);
    assertThat(invalid).as("invalid sample").isNotNull();
    assertThat(SchemaSamples.problems(schema, invalid)).as("problems of %s", invalid)
        .isNotEmpty().anySatisfy(p -> assertThat(p).contains(what));
  }

  @Test
  void validObjectsNameTheirPropertiesAsPropertyNamesAllows() {
    for (String draft : List.of(DRAFT_07, DRAFT_2019, DRAFT_2020)) {
      assertValidSample(schema(draft, "type", "object", "minProperties", 2,
          "propertyNames", Map.of("pattern", "^[a-z]+$")));
      assertThat(assertValidSample(schema(draft, "type", "object", "minProperties", 3,
          "propertyNames", Map.of("maxLength", 4)))).hasSize(3);
      assertValidSample(schema(draft, "type", "object", "minProperties", 1,
          "propertyNames", Map.of("enum", List.of("alpha", "beta"))));
      // a declared property propertyNames refuses is never added
      assertValidSample(schema(draft, "type", "object", "minProperties", 1,
          "properties", Map.of("Bad Name", Map.of("type", "string")),
          "propertyNames", Map.of("pattern", "^[a-z]+$")));
    }
  }

  @Test
  void invalidNamesAPropertyAsPropertyNamesRefuses() {
    for (String draft : List.of(DRAFT_07, DRAFT_2019, DRAFT_2020)) {
      assertRefusedFor(schema(draft, "type", "object",
          "propertyNames", Map.of("pattern", "^[a-z]+$")), "propertyNames");
      assertRefusedFor(schema(draft, "type", "object",
          "propertyNames", Map.of("maxLength", 40)), "propertyNames");
      assertRefusedFor(schema(draft, "type", "object",
          "propertyNames", Map.of("enum", List.of("alpha", "beta"))), "propertyNames");
      assertRefusedFor(schema(draft, "type", "object", "propertyNames", false),
          "propertyNames");
    }
  }

  @Test
  void propertyNamesOfDraft04IsNoKeywordSoNoInvalidSampleBreaksIt() {
    Map<String, Object> schema = schema(DRAFT_04, "type", "object",
        "propertyNames", Map.of("pattern", "^[a-z]+$"));

    assertThat(SchemaSamples.invalid(schema)).isNull();
    assertValidSample(schema);
  }

  @Test
  void validArraysHoldTheItemsContainsAsksFor() {
    for (String draft : List.of(DRAFT_07, DRAFT_2019, DRAFT_2020)) {
      assertValidSample(schema(draft, "type", "object", "required", List.of("roles"),
          "properties", Map.of("roles", Map.of("type", "array",
              "items", Map.of("type", "string"), "contains", Map.of("const", "admin")))));
      assertValidSample(schema(draft, "type", "object", "required", List.of("sizes"),
          "properties", Map.of("sizes", Map.of("type", "array", "minItems", 2,
              "items", Map.of("type", "integer", "minimum", 0),
              "contains", Map.of("type", "integer", "minimum", 5)))));
    }
    for (String draft : List.of(DRAFT_2019, DRAFT_2020)) {
      assertValidSample(schema(draft, "type", "object", "required", List.of("tags"),
          "properties", Map.of("tags", Map.of("type", "array", "uniqueItems", true,
              "items", Map.of("type", "string"),
              "contains", Map.of("pattern", "^a"), "minContains", 2, "maxContains", 3))));
    }
  }

  @Test
  void validArraysGiveItemsBeyondPrefixItemsTheUnevaluatedItemsSchema() {
    assertValidSample(schema(DRAFT_2020, "type", "object", "required", List.of("pair"),
        "properties", Map.of("pair", Map.of("type", "array", "minItems", 2,
            "prefixItems", List.of(Map.of("type", "string")),
            "unevaluatedItems", Map.of("type", "integer", "minimum", 3)))));
  }

  private static void assertVariantAccepted(Map<String, Object> schema,
      Map<String, Object> current) {
    Map<String, Object> variant = SchemaSamples.variant(schema, current);

    assertThat(variant).as("variant of %s", current).isNotNull().isNotEqualTo(current);
    assertThat(SchemaSamples.problems(schema, variant)).as("problems of %s", variant).isEmpty();
  }

  @Test
  void variantNamesTheAddedPropertyAsPropertyNamesAllows() {
    assertVariantAccepted(schema(DRAFT_07, "type", "object",
        "propertyNames", Map.of("pattern", "^[a-z]+$")), Map.of());
    // a format only the validator judges (draft-07 asserts it): the kit's name fails it
    assertVariantAccepted(schema(DRAFT_07, "type", "object",
        "propertyNames", Map.of("format", "email")), Map.of());
  }

  @Test
  void variantAddsAPropertyWithAValueUnevaluatedPropertiesAllows() {
    Map<String, Object> schema = schema(DRAFT_2019, "type", "object", "minProperties", 1,
        "unevaluatedProperties", Map.of("type", "integer", "minimum", 3));

    assertVariantAccepted(schema, SchemaSamples.valid(schema));
  }

  @Test
  void invalidArraysMissWhatContainsAsksForOrHoldMoreThanMaxContains() {
    for (String draft : List.of(DRAFT_07, DRAFT_2019, DRAFT_2020)) {
      // no type: a value of another type passes, only an array can break contains
      assertRefusedFor(schema(draft, "type", "object",
          "properties", Map.of("roles", Map.of("contains", Map.of("const", "admin")))),
          "contains");
    }
    for (String draft : List.of(DRAFT_2019, DRAFT_2020)) {
      assertRefusedFor(schema(draft, "type", "object",
          "properties", Map.of("ids", Map.of("contains", Map.of("type", "integer"),
              "minContains", 0, "maxContains", 1))), "contains: must contain at most 1");
    }
  }

  @Test
  void validObjectsGiveUnevaluatedPropertiesTheirSchemasValues() {
    for (String draft : List.of(DRAFT_2019, DRAFT_2020)) {
      assertValidSample(schema(draft, "type", "object", "minProperties", 2,
          "unevaluatedProperties", Map.of("type", "integer", "minimum", 3)));
      // the properties of an allOf branch count as evaluated; no other name may be added
      assertValidSample(schema(draft, "type", "object", "minProperties", 1,
          "unevaluatedProperties", false,
          "allOf", List.of(Map.of("properties", Map.of("a", Map.of("type", "string"))))));
    }
  }

  @Test
  void invalidAddsAPropertyUnevaluatedPropertiesRefuses() {
    for (String draft : List.of(DRAFT_2019, DRAFT_2020)) {
      assertRefusedFor(schema(draft, "type", "object",
          "properties", Map.of("a", Map.of()), "unevaluatedProperties", false),
          "unevaluatedProperties");
      assertRefusedFor(schema(draft, "type", "object",
          "unevaluatedProperties", Map.of("type", "string")), "unevaluatedProperties");
    }
  }

  @Test
  void unevaluatedPropertiesOfDraft07IsNoKeywordSoFreeNamesStayAllowed() {
    Map<String, Object> schema = schema(DRAFT_07, "type", "object", "minProperties", 1,
        "unevaluatedProperties", false);

    assertValidSample(schema);
    assertThat(SchemaSamples.invalid(schema)).as("only {}, for minProperties").isEmpty();
  }

  @Test
  void invalidOfAMinPropertiesSchemaIsEmptyOnlyWhenEmptyIsRefused() {
    for (String draft : List.of(DRAFT_04, DRAFT_07, DRAFT_2019, DRAFT_2020)) {
      assertThat(SchemaSamples.invalid(schema(draft, "type", "object", "minProperties", 1)))
          .isEmpty();
      assertThat(SchemaSamples.invalid(schema(draft, "type", "object", "minProperties", 1.0)))
          .isEmpty();
      assertThat(SchemaSamples.invalid(schema(draft, "type", "object", "minProperties", 0)))
          .isNull();
      // under propertyNames, the empty object breaks minProperties alone
      assertThat(SchemaSamples.invalid(schema(draft, "type", "object", "minProperties", 1,
          "propertyNames", Map.of("maxLength", 3)))).isEmpty();
    }
  }
}

package io.github.osbsdk.broker.core.catalog;

import static io.github.osbsdk.broker.core.catalog.TestCatalogs.planWithSchema;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.schema;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.withPlan;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogSchemaRulesTest {
  private static final String CREATE = "services[0].plans[0].schemas.service_instance.create"
      + ".parameters";

  private static CatalogReport validateCreateSchema(Map<String, Object> schema) {
    return CatalogValidator.validate(withPlan(planWithSchema(schema)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://json-schema.org/draft-04/schema#",
      "http://json-schema.org/draft-04/schema", "https://json-schema.org/draft-04/schema#",
      "http://json-schema.org/draft-06/schema#", "http://json-schema.org/draft-07/schema#",
      "https://json-schema.org/draft/2019-09/schema",
      "https://json-schema.org/draft/2020-12/schema"})
  void everySupportedSchemaVersionIsAccepted(String dialect) {
    CatalogReport report = validateCreateSchema(Map.of("$schema", dialect, "type", "object",
        "properties", Map.of("size", Map.of("type", "string"))));
    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings()).isEmpty();
  }

  @Test
  void schemaWithoutDollarSchemaIsAnError() {
    CatalogReport report = validateCreateSchema(Map.of("type", "object"));
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo(CREATE + ".$schema");
      assertThat(e.message()).contains("is required");
    });
  }

  @Test
  void unsupportedDollarSchemaIsAnError() {
    CatalogReport report = validateCreateSchema(Map.of("$schema",
        "http://json-schema.org/draft-03/schema#", "type", "object"));
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo(CREATE + ".$schema");
      assertThat(e.message()).contains("draft-03", "not a supported");
    });
  }

  @Test
  void nonStringDollarSchemaIsAnError() {
    CatalogReport report = validateCreateSchema(Map.of("$schema", 4, "type", "object"));
    assertThat(report.errors()).extracting(CatalogProblem::path).containsExactly(CREATE
        + ".$schema");
  }

  @Test
  void schemaThatBreaksItsMetaSchemaIsAnError() {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", Map.of("size", Map.of("type", "strin")))));
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo(CREATE);
      assertThat(e.message()).contains("not a valid JSON Schema", "$.properties.size.type");
    });
  }

  @Test
  void schemaWithUnresolvableLocalReferenceIsAnError() {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", Map.of("size", Map.of("$ref", "#/definitions/missing")))));
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo(CREATE);
      assertThat(e.message()).contains("does not compile", "/definitions/missing");
    });
  }

  @Test
  void schemaWithInvalidPatternIsAnError() {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", Map.of("name", Map.of("type", "string", "pattern", "([a-")))));
    assertThat(report.errors()).extracting(CatalogProblem::path).containsExactly(CREATE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://example.com/size.json", "size.json#/definitions/size",
      "classpath:draft-04/schema", "file:///etc/passwd", "//host/x"})
  void externalReferenceIsAnError(String ref) {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", Map.of("nested", Map.of("items", List.of(Map.of("$ref", ref)))))));
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo(CREATE);
      assertThat(e.message()).contains("external reference",
          "$.properties.nested.items[0].$ref", ref);
    });
  }

  @Test
  void externalReferenceErrorMasksUserInfo() {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", Map.of("a", Map.of("$ref",
            "https://deploy:s3cret@schemas.example.com/a.json")))));
    assertThat(report.errors()).singleElement().satisfies(e -> assertThat(e.message())
        .contains("https://***@schemas.example.com/a.json").doesNotContain("s3cret"));
  }

  @Test
  void unsupportedDollarSchemaErrorMasksUserInfo() {
    CatalogReport report = validateCreateSchema(Map.of("$schema",
        "https://deploy:s3cret@schemas.example.com/draft-04/schema#", "type", "object"));
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo(CREATE + ".$schema");
      assertThat(e.message()).contains("https://***@schemas.example.com/draft-04/schema#")
          .doesNotContain("s3cret");
    });
  }

  @Test
  void localReferencesAreFine() {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "definitions", Map.of("size", Map.of("enum", List.of("s", "l"))),
        "properties", Map.of("size", Map.of("$ref", "#/definitions/size"),
            "self", Map.of("$ref", "#")))));
    assertThat(report.errors()).isEmpty();
  }

  /** Schemas that apply themselves to the same value again, as JSON, with the loop's first key. */
  @ParameterizedTest
  @ValueSource(strings = {
      "{'$schema':'http://json-schema.org/draft-07/schema#','$ref':'#'}|$.$ref = \"#\"",
      "{'$schema':'http://json-schema.org/draft-04/schema#','type':'object',"
          + "'allOf':[{'$ref':'#'}]}|$.allOf[0]",
      "{'$schema':'http://json-schema.org/draft-07/schema#','type':'object',"
          + "'definitions':{'a':{'$ref':'#/definitions/b'},'b':{'$ref':'#/definitions/a'}},"
          + "'properties':{'x':{'$ref':'#/definitions/a'}}}|$.definitions.",
      "{'$schema':'https://json-schema.org/draft/2019-09/schema','type':'object',"
          + "'$defs':{'n':{'$anchor':'n','anyOf':[{'type':'string'},{'not':{'$ref':'#n'}}]}},"
          + "'properties':{'x':{'$ref':'#/$defs/n'}}}|$.$defs.n.anyOf[1]",
      "{'$schema':'http://json-schema.org/draft-07/schema#','type':'object',"
          + "'if':{'required':['a']},'then':{'$ref':'#'}}|$.then"})
  void schemaThatAppliesItselfToTheSameValueWithoutEndIsAnError(String caseText)
      throws Exception {
    String[] parts = caseText.split("\\|");
    @SuppressWarnings("unchecked")
    Map<String, Object> looping = new com.fasterxml.jackson.databind.ObjectMapper()
        .readValue(parts[0].replace('\'', '"'), Map.class);
    CatalogReport report = validateCreateSchema(looping);
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo(CREATE);
      assertThat(e.message()).contains("does not compile", parts[1], "leads back to",
          "validation would never end");
    });
  }

  @Test
  void recursiveSchemasThatGoIntoTheValueAreFine() {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "definitions", Map.of(
            "node", Map.of("type", "object", "properties", Map.of(
                "children", Map.of("type", "array", "items", Map.of("$ref", "#/definitions/node")),
                "parent", Map.of("$ref", "#"))),
            "alias", Map.of("$ref", "#/definitions/node"),
            "either", Map.of("anyOf", List.of(Map.of("$ref", "#/definitions/alias"),
                Map.of("type", "null")))),
        "additionalProperties", Map.of("$ref", "#/definitions/either"))));
    assertThat(report.errors()).isEmpty();
    CatalogReport draft07 = validateCreateSchema(Map.of(
        "$schema", "http://json-schema.org/draft-07/schema#", "type", "object",
        "definitions", Map.of("a", Map.of("type", "object")),
        // up to draft-07 the siblings of $ref are ignored, so this allOf never runs
        "$ref", "#/definitions/a", "allOf", List.of(Map.of("$ref", "#"))));
    assertThat(draft07.errors()).isEmpty();
    CatalogReport recursive = validateCreateSchema(Map.of(
        "$schema", "https://json-schema.org/draft/2019-09/schema", "$recursiveAnchor", true,
        "type", "object", "additionalProperties", Map.of("$recursiveRef", "#")));
    assertThat(recursive.errors()).isEmpty();
  }

  @Test
  void schemaTooDeepToWriteOrHoldingItselfIsAnErrorNotAStackOverflow() {
    Map<String, Object> deep = new HashMap<>(schema(Map.of("type", "object")));
    Map<String, Object> level = deep;
    for (int i = 0; i < 3000; i++) {
      Map<String, Object> inner = new HashMap<>();
      level.put("allOf", List.of(inner));
      level = inner;
    }
    Map<String, Object> holdsItself = new HashMap<>(schema(Map.of("type", "object")));
    holdsItself.put("not", holdsItself);
    for (Map<String, Object> bad : List.of(deep, holdsItself)) {
      CatalogReport report = validateCreateSchema(bad);
      assertThat(report.errors()).singleElement().satisfies(e -> {
        assertThat(e.path()).isEqualTo(CREATE);
        assertThat(e.message()).contains("more than 256 levels deep", "holds itself");
      });
    }
  }

  /** A schema whose property {@code a} holds a schema with a property {@code a}, and so on. */
  private static Map<String, Object> nestedProperties(int schemaLevels) {
    Map<String, Object> root = new HashMap<>(schema(Map.of("type", "object")));
    Map<String, Object> level = root;
    for (int i = 0; i < schemaLevels; i++) {
      Map<String, Object> inner = new HashMap<>();
      inner.put("type", "object");
      level.put("properties", Map.of("a", inner));
      level = inner;
    }
    return root;
  }

  /** Validates on a thread with a 512 KiB stack; fails the test on any throwable. */
  private static CatalogReport validateOnASmallStack(Map<String, Object> schema)
      throws InterruptedException {
    CatalogReport[] report = new CatalogReport[1];
    Throwable[] thrown = new Throwable[1];
    Thread small = new Thread(null, () -> {
      try {
        report[0] = validateCreateSchema(schema);
      } catch (Throwable t) { // a StackOverflowError is what these tests are about
        thrown[0] = t;
      }
    }, "small-stack", 512 * 1024);
    small.start();
    small.join();
    assertThat(thrown[0]).isNull();
    return report[0];
  }

  @Test
  void schemaNestedMoreThan256LevelsIsAnErrorBeforeItIsCompiled() throws Exception {
    // 450 schemas deep (900 levels of maps): under what Jackson can write, but the meta-schema
    // check, the compiler and the validator recurse several frames per level
    CatalogReport report = validateOnASmallStack(nestedProperties(450));
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo(CREATE);
      assertThat(e.message()).contains("more than 256 levels deep");
    });
  }

  @Test
  void schemaNestedUpTo256LevelsIsFine() throws Exception {
    assertThat(validateOnASmallStack(nestedProperties(127)).errors()).isEmpty();
  }

  @Test
  void absoluteIdWithLocalReferencesIsFine() {
    CatalogReport report = validateCreateSchema(Map.of(
        "$schema", "http://json-schema.org/draft-07/schema#",
        "$id", "https://acme.example.com/schemas/provision.json",
        "type", "object",
        "definitions", Map.of("size", Map.of("enum", List.of("s", "l"))),
        "properties", Map.of("size", Map.of("$ref", "#/definitions/size"))));
    assertThat(report.errors()).isEmpty();
  }

  @Test
  void draft04IdWithLocalReferencesIsFine() {
    CatalogReport report = validateCreateSchema(schema(Map.of(
        "id", "https://acme.example.com/schemas/provision.json",
        "type", "object",
        "definitions", Map.of("size", Map.of("enum", List.of("s", "l"))),
        "properties", Map.of("size", Map.of("$ref", "#/definitions/size")))));
    assertThat(report.errors()).isEmpty();
  }

  @Test
  void refLookingValuesInsideEnumOrDefaultAreDataNotReferences() {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", Map.of("link", Map.of("type", "object",
            "enum", List.of(Map.of("$ref", "http://example.com/x")),
            "default", Map.of("$ref", "http://example.com/x"))))));
    assertThat(report.errors()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "enum", "const", "examples"})
  void externalReferenceInASubschemaNamedLikeAValueKeywordIsAnError(String name) {
    // an unused definition: compiling never resolves it, so only the scan can find it
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "definitions", Map.of(name, Map.of("$ref", "http://example.com/x.json")),
        "properties", Map.of(name, Map.of("$ref", "y.json")))));
    assertThat(report.errors()).extracting(CatalogProblem::message).containsExactlyInAnyOrder(
        "external reference $.definitions." + name + ".$ref = \"http://example.com/x.json\": "
            + "the OSB spec forbids references outside the schema (only \"#...\" references "
            + "are allowed)",
        "external reference $.properties." + name + ".$ref = \"y.json\": the OSB spec forbids "
            + "references outside the schema (only \"#...\" references are allowed)");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void numberThatJsonCannotHoldIsAnError(double bound) {
    // the catalog would carry it as the string "NaN" or "Infinity": not a valid schema there
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", Map.of("size", Map.of("type", "number", "maximum", bound)))));
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo(CREATE);
      assertThat(e.message()).contains("$.properties.size.maximum", String.valueOf(bound));
    });
  }

  @Test
  void propertyNamedRefIsNotAReference() {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", Map.of("$ref", Map.of("type", "string")))));
    assertThat(report.errors()).isEmpty();
  }

  @Test
  void schemaLargerThan64KilobytesIsAnError() {
    Map<String, Object> properties = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      properties.put("parameter_number_" + i, Map.of("type", "string"));
    }
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", properties)));
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo(CREATE);
      assertThat(e.message()).contains("64kB", "bytes");
    });
  }

  @Test
  void schemaJustUnder64KilobytesIsFine() {
    Map<String, Object> properties = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      properties.put("parameter_number_" + i, Map.of("type", "string"));
    }
    assertThat(validateCreateSchema(schema(Map.of("type", "object",
        "properties", properties))).errors()).isEmpty();
  }

  @Test
  void updateAndBindingSchemasAreCheckedToo() {
    Plan plan = Plan.builder("p1", "x", "d").schemas(Schemas.builder()
        .instanceUpdate(Map.of("type", "object"))
        .bindingCreate(Map.of("type", "object")).build()).build();
    CatalogReport report = CatalogValidator.validate(withPlan(plan));
    assertThat(report.errors()).extracting(CatalogProblem::path).containsExactly(
        "services[0].plans[0].schemas.service_instance.update.parameters.$schema",
        "services[0].plans[0].schemas.service_binding.create.parameters.$schema");
  }

  @Test
  void schemaWhoseRootTypeIsNotObjectIsAWarning() {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "string")));
    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings()).extracting(CatalogProblem::path).containsExactly(CREATE
        + ".type");
  }

  @Test
  void formatTheValidatorDoesNotKnowIsAWarningAtItsPath() {
    CatalogReport report = validateCreateSchema(schema(Map.of("type", "object",
        "properties", Map.of(
            "zip", Map.of("type", "string", "format", "zip-code"),
            "mail", Map.of("type", "string", "format", "email"),
            "format", Map.of("type", "string", "enum", List.of("a")),
            "tags", Map.of("type", "array", "items", Map.of("format", "colour"))),
        "default", Map.of("format", "not-a-schema-here"))));
    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings()).extracting(CatalogProblem::path).containsExactlyInAnyOrder(
        CREATE + ".properties.zip.format", CREATE + ".properties.tags.items.format");
    assertThat(report.warnings()).allSatisfy(w -> assertThat(w.message())
        .contains("not a format", "not checked", "date-time"));
  }

  @Test
  void knownFormatsHaveNoWarning() {
    assertThat(validateCreateSchema(schema(Map.of("type", "object", "properties", Map.of(
        "when", Map.of("type", "string", "format", "date-time"),
        "id", Map.of("type", "string", "format", "uuid"),
        "site", Map.of("type", "string", "format", "uri"))))).warnings()).isEmpty();
  }
}

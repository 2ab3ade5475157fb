package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterValidatorTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String DRAFT_04 = "http://json-schema.org/draft-04/schema#";

  static Map<String, Object> sizeSchema() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("$schema", DRAFT_04);
    s.put("type", "object");
    s.put("properties", Map.of(
        "size", Map.of("type", "string", "enum", List.of("small", "large")),
        "nodes", Map.of("type", "integer", "minimum", 1),
        "region", Map.of("type", "string"),
        "network", Map.of("type", "object", "properties",
            Map.of("vlan", Map.of("type", "integer")))));
    s.put("required", List.of("region"));
    s.put("additionalProperties", false);
    return s;
  }

  static ParameterValidator validator(Map<String, Object> create, Map<String, Object> update,
      Map<String, Object> bind) {
    Plan withSchemas = Plan.builder("plan-s", "s", "d")
        .schemas(Schemas.builder().instanceCreate(create).instanceUpdate(update)
            .bindingCreate(bind).build()).build();
    Plan without = Plan.builder("plan-n", "n", "d").build();
    return ParameterValidator.of(Catalog.of(ServiceOffering.builder("svc", "svc", "d")
        .bindable(true).plan(withSchemas).plan(without).build()), MAPPER);
  }

  static ServiceBrokerException provisionFailure(ParameterValidator v, Map<String, Object> p) {
    try {
      v.validateProvision("plan-s", p);
    } catch (ServiceBrokerException e) {
      return e;
    }
    throw new AssertionError("parameters were accepted: " + p);
  }

  static Map<String, Object> params(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  @Test
  void validParametersPass() {
    ParameterValidator v = validator(sizeSchema(), null, null);
    assertThatCode(() -> v.validateProvision("plan-s",
        params("region", "us-south", "size", "large", "nodes", 3,
            "network", Map.of("vlan", 7)))).doesNotThrowAnyException();
  }

  @Test
  void planWithoutSchemaAcceptsAnything() {
    ParameterValidator v = validator(sizeSchema(), null, null);
    assertThatCode(() -> {
      v.validateProvision("plan-n", params("anything", List.of(1, 2)));
      v.validateUpdate("plan-n", params("x", 1));
      v.validateBind("plan-n", null);
    }).doesNotThrowAnyException();
    assertThat(v.hasSchemas("plan-n")).isFalse();
    assertThat(v.hasSchemas("plan-s")).isTrue();
  }

  @Test
  void unknownOrNullPlanIdAcceptsAnything() {
    ParameterValidator v = validator(sizeSchema(), null, null);
    assertThatCode(() -> {
      v.validateProvision("nope", params("x", 1));
      v.validateProvision(null, params("x", 1));
    }).doesNotThrowAnyException();
  }

  @Test
  void enumFailureNamesTheFieldAndTheAllowedValues() {
    ServiceBrokerException e = provisionFailure(validator(sizeSchema(), null, null),
        params("region", "eu-de", "size", "medium"));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.description())
        .isEqualTo("Invalid parameters: $.size: must be one of [small, large]");
  }

  @Test
  void typeFailureNamesExpectedAndActualType() {
    ServiceBrokerException e = provisionFailure(validator(sizeSchema(), null, null),
        params("region", "eu-de", "nodes", "three"));
    assertThat(e.description())
        .isEqualTo("Invalid parameters: $.nodes: must be of type integer, not string");
  }

  @Test
  void missingRequiredFieldIsNamed() {
    ServiceBrokerException e = provisionFailure(validator(sizeSchema(), null, null),
        params("size", "small"));
    assertThat(e.description()).isEqualTo("Invalid parameters: $.region: is required");
  }

  @Test
  void unknownFieldIsNamedWhenAdditionalPropertiesAreForbidden() {
    ServiceBrokerException e = provisionFailure(validator(sizeSchema(), null, null),
        params("region", "eu-de", "colour", "blue"));
    assertThat(e.description()).isEqualTo("Invalid parameters: $.colour: is not an allowed "
        + "parameter");
  }

  @Test
  void oddFieldNamesAreQuoted() {
    ServiceBrokerException e = provisionFailure(validator(sizeSchema(), null, null),
        params("region", "eu-de", "my field's", 1));
    assertThat(e.description()).contains("$['my field\\'s']: is not an allowed parameter");
  }

  @Test
  void nestedFieldsAreNamedByTheirPath() {
    ServiceBrokerException e = provisionFailure(validator(sizeSchema(), null, null),
        params("region", "eu-de", "network", Map.of("vlan", "x")));
    assertThat(e.description()).isEqualTo("Invalid parameters: $.network.vlan: must be of type "
        + "integer, not string");
  }

  @Test
  void otherKeywordFailuresUseTheLibraryMessage() {
    ServiceBrokerException e = provisionFailure(validator(sizeSchema(), null, null),
        params("region", "eu-de", "nodes", 0));
    assertThat(e.description()).startsWith("Invalid parameters: $.nodes: ").contains("1");
  }

  @Test
  void severalProblemsAreListedTogether() {
    ServiceBrokerException e = provisionFailure(validator(sizeSchema(), null, null),
        params("size", "huge", "nodes", "x", "extra", true));
    assertThat(e.description()).startsWith("Invalid parameters: ")
        .contains("$.size: must be one of [small, large]",
            "$.nodes: must be of type integer, not string",
            "$.region: is required", "$.extra: is not an allowed parameter");
    assertThat(e.description().split("; ")).hasSize(4);
  }

  @Test
  void descriptionIsBoundedInProblemsAndLength() {
    Map<String, Object> many = new LinkedHashMap<>();
    many.put("region", "eu-de");
    for (int i = 0; i < 50; i++) {
      many.put("unknown_" + i + "_" + "x".repeat(400), i);
    }
    ServiceBrokerException e = provisionFailure(validator(sizeSchema(), null, null), many);
    assertThat(e.description()).endsWith("; and more");
    assertThat(e.description().split("; ")).hasSize(11);
    assertThat(e.description().length()).isLessThan(11 * ValidationMessages.MAX_LINE + 40);
  }

  @Test
  void absentParametersAreCheckedAsEmptyOnProvisionAndBind() {
    ParameterValidator v = validator(sizeSchema(), sizeSchema(), sizeSchema());
    assertThatThrownBy(() -> v.validateProvision("plan-s", null))
        .isInstanceOf(ServiceBrokerException.class).hasMessageContaining("$.region: is required");
    assertThatThrownBy(() -> v.validateBind("plan-s", null))
        .isInstanceOf(ServiceBrokerException.class).hasMessageContaining("$.region: is required");
  }

  @Test
  void absentParametersAreNotCheckedOnUpdate() {
    ParameterValidator v = validator(null, sizeSchema(), null);
    assertThatCode(() -> v.validateUpdate("plan-s", null)).doesNotThrowAnyException();
    assertThatThrownBy(() -> v.validateUpdate("plan-s", params("size", "small")))
        .isInstanceOf(ServiceBrokerException.class).hasMessageContaining("$.region");
  }

  @Test
  void eachOperationUsesItsOwnSchema() {
    Map<String, Object> onlyA = Map.of("$schema", DRAFT_04, "type", "object",
        "properties", Map.of("a", Map.of("type", "string")), "additionalProperties", false);
    Map<String, Object> onlyB = Map.of("$schema", DRAFT_04, "type", "object",
        "properties", Map.of("b", Map.of("type", "string")), "additionalProperties", false);
    Map<String, Object> onlyC = Map.of("$schema", DRAFT_04, "type", "object",
        "properties", Map.of("c", Map.of("type", "string")), "additionalProperties", false);
    ParameterValidator v = validator(onlyA, onlyB, onlyC);
    v.validateProvision("plan-s", params("a", "x"));
    v.validateUpdate("plan-s", params("b", "x"));
    v.validateBind("plan-s", params("c", "x"));
    assertThatThrownBy(() -> v.validateProvision("plan-s", params("b", "x")))
        .hasMessageContaining("$.b");
    assertThatThrownBy(() -> v.validateUpdate("plan-s", params("c", "x")))
        .hasMessageContaining("$.c");
    assertThatThrownBy(() -> v.validateBind("plan-s", params("a", "x")))
        .hasMessageContaining("$.a");
  }

  @Test
  void missingOperationSchemaAcceptsAnything() {
    ParameterValidator v = validator(sizeSchema(), null, null);
    assertThatCode(() -> {
      v.validateUpdate("plan-s", params("whatever", 1));
      v.validateBind("plan-s", params("whatever", 1));
    }).doesNotThrowAnyException();
  }

  @Test
  void uncompilableSchemaFailsWhenBuiltNamingThePlan() {
    Map<String, Object> bad = new HashMap<>(sizeSchema());
    bad.put("properties", Map.of("a", Map.of("$ref", "#/definitions/none")));
    assertThatThrownBy(() -> validator(bad, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plan plan-s: schemas.service_instance.create.parameters");
  }

  /** {@code levels} objects, each the only value of the one before, around an empty one. */
  static Map<String, Object> nested(int levels) {
    Map<String, Object> inner = new LinkedHashMap<>();
    for (int i = 1; i < levels; i++) {
      Map<String, Object> outer = new LinkedHashMap<>();
      outer.put("child", inner);
      inner = outer;
    }
    return inner;
  }

  @Test
  void deeplyNestedParametersAgainstARecursiveSchemaAreABadRequestNotAStackOverflow() {
    Map<String, Object> tree = Map.of("$schema", DRAFT_04, "type", "object",
        "additionalProperties", Map.of("$ref", "#"));
    ParameterValidator v = validator(tree, tree, tree);
    assertThatCode(() -> v.validateProvision("plan-s", nested(ParameterValidator.MAX_DEPTH)))
        .doesNotThrowAnyException();
    for (int levels : new int[] {ParameterValidator.MAX_DEPTH + 1, 999}) {
      Map<String, Object> deep = nested(levels);
      assertThatThrownBy(() -> v.validateProvision("plan-s", deep))
          .isInstanceOf(ServiceBrokerException.class)
          .hasMessage("400: Invalid parameters: nested more than " + ParameterValidator.MAX_DEPTH
              + " levels deep.");
      assertThatThrownBy(() -> v.validateUpdate("plan-s", deep))
          .isInstanceOf(ServiceBrokerException.class).hasMessageContaining("levels deep");
      assertThatThrownBy(() -> v.validateBind("plan-s", deep))
          .isInstanceOf(ServiceBrokerException.class).hasMessageContaining("levels deep");
    }
  }

  @Test
  void emptyCatalogValidatesNothing() {
    ParameterValidator v = ParameterValidator.of(new Catalog(List.of()), MAPPER);
    assertThatCode(() -> v.validateProvision("x", params("a", 1))).doesNotThrowAnyException();
  }

  @Test
  void uniqueItemsComparesValuesAsJsonSchemaDoes() {
    ParameterValidator v = validator(Map.of("$schema", DRAFT_04, "type", "object",
        "properties", Map.of("p", Map.of("type", "array", "uniqueItems", true))), null, null);
    for (List<?> same : List.<List<?>>of(List.of(1, 1.0), List.of(Map.of("a", 1, "b", 2),
        new java.util.TreeMap<>(Map.of("b", 2, "a", 1))), List.of("x", "x"))) {
      assertThat(provisionFailure(v, params("p", same)).description())
          .contains("$.p", "unique");
    }
    for (List<?> distinct : List.<List<?>>of(List.of(1, "1"), List.of(1, 1.5),
        List.of("", List.of()), List.of(Map.of("a", 1), Map.of("a", "1")), List.of(true, false))) {
      assertThatCode(() -> v.validateProvision("plan-s", params("p", distinct)))
          .as("%s", distinct).doesNotThrowAnyException();
    }
  }
}

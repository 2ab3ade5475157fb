package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * A subschema of anyOf, oneOf, not or if that stops at its eleventh problem (or its hundredth
 * error) failed, as it does with the library, which then leaves nothing it evaluated to
 * {@code unevaluatedProperties} and {@code unevaluatedItems} (2019-09, 2020-12): the SDK's
 * verdict, on its bounded lists, is the library's on unbounded ones, whatever the number of
 * problems.
 */
class CombinedSchemasUnevaluatedTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final SchemaRegistry LIBRARY = SchemaRegistry.withDefaultDialect(
      SpecificationVersion.DRAFT_7, b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder()
          .pathType(PathType.JSON_PATH).locale(Locale.ENGLISH).build()));
  private static final List<String> DIALECTS = List.of(
      "https://json-schema.org/draft/2019-09/schema",
      "https://json-schema.org/draft/2020-12/schema");
  /**
   * How the failing subschema fails: with fewer problems than stop it, as many, and with more
   * errors than stop it that all name one problem.
   */
  private static final List<Failure> FAILURES =
      List.of(new Failure(10, true), new Failure(11, true), new Failure(150, false));

  private record Failure(int errors, boolean distinct) {
    /** {@code errors} subschemas made by {@code each} of 1, 2, ... (distinct) or of 1 only. */
    String allOf(IntFunction<String> each) {
      List<String> subschemas = new ArrayList<>();
      for (int i = 1; i <= errors; i++) {
        subschemas.add(each.apply(distinct ? i : 1));
      }
      return "\"allOf\":[" + String.join(",", subschemas) + "]";
    }
  }

  /** A subschema that evaluates property {@code a}, then finds properties missing. */
  private static String evaluatesAThenMisses(Failure failure) {
    return "{\"properties\":{\"a\":true},"
        + failure.allOf(i -> "{\"required\":[\"r" + i + "\"]}") + "}";
  }

  /** A subschema that evaluates the first item, then finds the array equal to no constant. */
  private static String evaluatesFirstItemThenDiffers(String dialect, Failure failure) {
    String first = dialect.contains("2019-09") ? "\"items\":[true]" : "\"prefixItems\":[true]";
    return "{" + first + "," + failure.allOf(i -> "{\"const\":" + i + "}") + "}";
  }

  private static boolean libraryAccepts(JsonNode schema, JsonNode value) {
    return LIBRARY.getSchema(schema).validate(value).isEmpty();
  }

  private static boolean sdkAccepts(JsonNode schema, JsonNode value) {
    Throwable thrown = catchThrowable(() ->
        ParameterValidator.validate(JsonSchemas.compile(schema), value, "plan-s", "create"));
    if (thrown != null) {
      assertThat(thrown).isInstanceOf(ServiceBrokerException.class);
      assertThat(((ServiceBrokerException) thrown).status()).isEqualTo(400);
    }
    return thrown == null;
  }

  /**
   * For each dialect and failure, checks each value against a schema of
   * {@code keywords}, where {@code FAILING} stands for the failing subschema, and
   * {@code "unevaluated": false}, by the SDK and by the library, and lists the checks whose
   * verdicts differ.
   */
  private static List<String> differingVerdicts(String keywords, String unevaluated,
      BiFunction<String, Failure, String> failing, String... values) throws Exception {
    List<String> different = new ArrayList<>();
    for (String dialect : DIALECTS) {
      for (Failure failure : FAILURES) {
        JsonNode schema = MAPPER.readTree("{\"$schema\":\"" + dialect + "\","
            + keywords.replace("FAILING", failing.apply(dialect, failure)) + ",\"" + unevaluated
            + "\":false}");
        for (String value : values) {
          JsonNode instance = MAPPER.readTree(value);
          boolean library = libraryAccepts(schema, instance);
          if (sdkAccepts(schema, instance) != library) {
            different.add(value + " against " + schema + ": library accepts " + library);
          }
        }
      }
    }
    return different;
  }

  private static List<String> differingOnProperties(String keywords, String... values)
      throws Exception {
    return differingVerdicts(keywords, "unevaluatedProperties",
        (dialect, failure) -> evaluatesAThenMisses(failure), values);
  }

  private static List<String> differingOnItems(String keywords, String... values)
      throws Exception {
    return differingVerdicts(keywords, "unevaluatedItems",
        CombinedSchemasUnevaluatedTest::evaluatesFirstItemThenDiffers, values);
  }

  @Test
  void anyOfBranchStoppedEarlyLeavesItsPropertiesUnevaluatedAsWithTheLibrary()
      throws Exception {
    assertThat(differingOnProperties("\"anyOf\":[FAILING,{\"properties\":{\"b\":true}}]",
        "{\"a\":1,\"b\":1}", "{\"b\":1}")).isEmpty();
  }

  @Test
  void oneOfBranchStoppedEarlyLeavesItsPropertiesUnevaluatedAsWithTheLibrary()
      throws Exception {
    assertThat(differingOnProperties("\"oneOf\":[FAILING,{\"properties\":{\"b\":true}}]",
        "{\"a\":1,\"b\":1}", "{\"b\":1}")).isEmpty();
  }

  @Test
  void notSubschemaStoppedEarlyLeavesItsPropertiesUnevaluatedAsWithTheLibrary()
      throws Exception {
    assertThat(differingOnProperties("\"properties\":{\"b\":true},\"not\":FAILING",
        "{\"a\":1,\"b\":1}", "{\"b\":1}")).isEmpty();
  }

  @Test
  void ifConditionStoppedEarlyLeavesItsPropertiesUnevaluatedAsWithTheLibrary()
      throws Exception {
    assertThat(differingOnProperties("\"if\":FAILING,\"else\":{\"properties\":{\"b\":true}}",
        "{\"a\":1,\"b\":1}", "{\"b\":1}")).isEmpty();
  }

  @Test
  void anyOfAndOneOfBranchesStoppedEarlyLeaveTheirItemsUnevaluatedAsWithTheLibrary()
      throws Exception {
    assertThat(differingOnItems("\"anyOf\":[FAILING,true]", "[1]", "[]")).isEmpty();
    assertThat(differingOnItems("\"oneOf\":[FAILING,true]", "[1]", "[]")).isEmpty();
  }

  @Test
  void notAndIfSubschemasStoppedEarlyLeaveTheirItemsUnevaluatedAsWithTheLibrary()
      throws Exception {
    assertThat(differingOnItems("\"not\":FAILING", "[1]", "[]")).isEmpty();
    assertThat(differingOnItems("\"if\":FAILING", "[1]", "[]")).isEmpty();
  }

  @Test
  void subschemaStoppedEarlyTwoLevelsDownLeavesItsPropertiesUnevaluatedAsWithTheLibrary()
      throws Exception {
    // anyOf's first branch holds an allOf holding the subschema that stops
    assertThat(differingOnProperties(
        "\"anyOf\":[{\"allOf\":[FAILING]},{\"properties\":{\"b\":true}}]",
        "{\"a\":1,\"b\":1}", "{\"b\":1}")).isEmpty();
  }

  @Test
  void containsLeavesTheItemsItDidNotMatchUnevaluatedAsWithTheLibrary() throws Exception {
    // contains checks each item up to its first error
    assertThat(differingVerdicts("\"contains\":FAILING", "unevaluatedItems",
        (dialect, failure) -> evaluatesAThenMisses(failure), "[{\"a\":1}]", "[{}]", "[{\"a\":1},1]",
        "[{\"r1\":1}]")).isEmpty();
  }
}

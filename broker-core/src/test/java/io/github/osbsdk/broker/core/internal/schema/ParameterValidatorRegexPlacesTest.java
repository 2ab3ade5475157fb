package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bounds of the {@code regex} format hold wherever a schema applies it to what a customer
 * sends: to the names of the parameters ({@code propertyNames}), to the values of
 * {@code patternProperties} and {@code additionalProperties}, and under schema dependencies.
 */
class ParameterValidatorRegexPlacesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";
  /** How many values of the longest length fit the budget of one request. */
  private static final int VALUES_IN_BUDGET =
      (int) (RegexValues.REQUEST_LENGTH / RegexValues.MAX_LENGTH);
  private static final String TOO_LONG = "a".repeat(RegexValues.MAX_LENGTH + 1);

  private static Throwable provision(Map<String, Object> schemaKeywords, ObjectNode parameters) {
    Map<String, Object> schema = new java.util.LinkedHashMap<>(schemaKeywords);
    schema.put("$schema", DRAFT_07);
    schema.put("type", "object");
    ParameterValidator validator = ParameterValidatorTest.validator(schema, null, null);
    return catchThrowable(() -> validator.validateProvisionTree("plan-s", parameters));
  }

  private static String descriptionOf(Throwable thrown) {
    assertThat(thrown).isInstanceOf(ServiceBrokerException.class);
    assertThat(((ServiceBrokerException) thrown).status()).isEqualTo(400);
    return ((ServiceBrokerException) thrown).description();
  }

  /** {@code count} different names of the longest length the format compiles. */
  private static java.util.List<String> names(int count) {
    return ParameterValidatorRegexValuesTest.distinct(count, RegexValues.MAX_LENGTH);
  }

  private static ObjectNode namedAfter(Iterable<String> names) {
    ObjectNode parameters = MAPPER.createObjectNode();
    names.forEach(name -> parameters.put(name, 1));
    return parameters;
  }

  @Test
  void parameterNameLongerThanAThousandCharactersUnderPropertyNamesIsABadRequestSayingWhy() {
    Throwable thrown = provision(Map.of("propertyNames", Map.of("format", "regex")),
        namedAfter(java.util.List.of(TOO_LONG)));

    assertThat(descriptionOf(thrown)).contains("$.aaa", "longer than 1000 characters");
  }

  @Test
  void parameterNamesTogetherOverTheRequestsBudgetUnderPropertyNamesAreABadRequest() {
    Throwable thrown = provision(Map.of("propertyNames", Map.of("format", "regex")),
        namedAfter(names(VALUES_IN_BUDGET + 1)));

    assertThat(descriptionOf(thrown)).contains("together");
  }

  @Test
  void parameterNamesWithinTheBudgetUnderPropertyNamesAreAccepted() {
    Throwable thrown = provision(Map.of("propertyNames", Map.of("format", "regex")),
        namedAfter(names(VALUES_IN_BUDGET)));

    assertThat(thrown).isNull();
  }

  @Test
  void parameterNameThatIsNoRegularExpressionUnderPropertyNamesIsABadRequest() {
    Throwable thrown = provision(Map.of("propertyNames", Map.of("format", "regex")),
        namedAfter(java.util.List.of("(unclosed")));

    assertThat(descriptionOf(thrown)).contains("(unclosed");
  }

  @Test
  void valueOfAPatternPropertyLongerThanAThousandCharactersIsABadRequest() {
    ObjectNode parameters = MAPPER.createObjectNode().put("rule-1", TOO_LONG);

    Throwable thrown = provision(Map.of("patternProperties",
        Map.of("^rule-", Map.of("type", "string", "format", "regex"))), parameters);

    assertThat(descriptionOf(thrown)).contains("$['rule-1']", "longer than 1000 characters");
  }

  @Test
  void valueOfAnAdditionalPropertyLongerThanAThousandCharactersIsABadRequest() {
    ObjectNode parameters = MAPPER.createObjectNode().put("extra", TOO_LONG);

    Throwable thrown = provision(Map.of("additionalProperties",
        Map.of("type", "string", "format", "regex")), parameters);

    assertThat(descriptionOf(thrown)).contains("$.extra", "longer than 1000 characters");
  }

  @Test
  void valueCheckedUnderASchemaDependencyLongerThanAThousandCharactersIsABadRequest() {
    ObjectNode parameters = MAPPER.createObjectNode().put("mode", "custom").put("rule", TOO_LONG);

    Throwable thrown = provision(Map.of("dependencies", Map.of("mode", Map.of("properties",
        Map.of("rule", Map.of("type", "string", "format", "regex"))))), parameters);

    assertThat(descriptionOf(thrown)).contains("$.rule", "longer than 1000 characters");
  }
}

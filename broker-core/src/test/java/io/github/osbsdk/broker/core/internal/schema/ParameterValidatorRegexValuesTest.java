package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code regex} format compiles the values customers send: each value, and the values of one
 * request together, are bounded by their length so that checking them costs little CPU; values
 * people write are accepted.
 */
class ParameterValidatorRegexValuesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** The example of the README: 35 characters, about 8,100 with its repetitions written out. */
  private static final String DOTTED_NAMES = "^[a-z]{1,63}(\\.[a-z]{1,63}){0,126}$";

  private static ParameterValidator validatorFor(Map<String, Object> property) {
    return ParameterValidatorTest.validator(Map.of("$schema", ParameterValidatorTest.DRAFT_04,
        "type", "object", "properties", Map.of("p", property)), null, null);
  }

  private static Throwable provisionWith(ParameterValidator validator, Object value)
      throws Exception {
    ObjectNode parameters = MAPPER.createObjectNode();
    parameters.set("p", MAPPER.valueToTree(value));
    return catchThrowable(() -> validator.validateProvisionTree("plan-s", parameters));
  }

  /** {@code count} different values of {@code length} characters each. */
  static List<String> distinct(int count, int length) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String prefix = "v" + i + "-";
      values.add(prefix + "b".repeat(length - prefix.length()));
    }
    return values;
  }

  private static String descriptionOf(Throwable thrown) {
    assertThat(thrown).isInstanceOf(ServiceBrokerException.class);
    assertThat(((ServiceBrokerException) thrown).status()).isEqualTo(400);
    return ((ServiceBrokerException) thrown).description();
  }

  @Test
  void emptyGroupRepeatedAMillionTimesIsABadRequest() throws Exception {
    // 16 characters that RE2J compiled to two million instructions, in seconds of CPU: an
    // empty group counted as nothing when its repetitions were written out
    ParameterValidator validator = validatorFor(Map.of("type", "string", "format", "regex"));

    Throwable thrown = provisionWith(validator, "((){1000}){1000}");

    assertThat(descriptionOf(thrown)).contains("$.p", "regular expression");
  }

  @Test
  void valueLongerThanAThousandCharactersIsABadRequestSayingWhy() throws Exception {
    // compiling a plain value costs time quadratic in its length
    ParameterValidator validator = validatorFor(Map.of("type", "string", "format", "regex"));

    Throwable thrown = provisionWith(validator, "a".repeat(RegexValues.MAX_LENGTH + 1));

    assertThat(descriptionOf(thrown)).contains("$.p", "longer than 1000 characters");
  }

  @Test
  void valueOfAThousandCharactersIsAccepted() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("type", "string", "format", "regex"));

    assertThat(provisionWith(validator, "a".repeat(RegexValues.MAX_LENGTH))).isNull();
  }

  @Test
  void valueOverTenThousandCharactersWrittenOutIsABadRequestSayingWhy() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("type", "string", "format", "regex"));

    Throwable thrown = provisionWith(validator, "(a{100}){101}");

    assertThat(descriptionOf(thrown)).contains("$.p", "10000 characters");
  }

  @Test
  void valuesTogetherLongerThanTheRequestsBudgetAreABadRequestNamingTheFirstOverIt()
      throws Exception {
    ParameterValidator validator = validatorFor(Map.of("type", "array",
        "items", Map.of("type", "string", "format", "regex")));
    List<String> values = distinct(
        (int) (RegexValues.REQUEST_LENGTH / RegexValues.MAX_LENGTH) + 1, RegexValues.MAX_LENGTH);

    Throwable thrown = provisionWith(validator, values);

    assertThat(descriptionOf(thrown)).contains("$.p[10]", "together");
  }

  @Test
  void valuesTogetherOverTheRequestsWrittenOutBudgetAreABadRequest() throws Exception {
    // 35 characters each, over 8,000 written out: a dozen or so reach 100,000
    ParameterValidator validator = validatorFor(Map.of("type", "array",
        "items", Map.of("type", "string", "format", "regex")));
    int fit = (int) (RegexValues.REQUEST_EXPANDED / RegexValues.expandedLength(DOTTED_NAMES));

    List<String> values = new ArrayList<>();
    for (char c = 'a'; values.size() <= fit; c++) {
      values.add(DOTTED_NAMES.replace("[a-z]{1,63}(", "[" + c + "-z]{1,63}("));
    }

    Throwable thrown = provisionWith(validator, values);

    assertThat(fit).isBetween(8, 13);
    assertThat(descriptionOf(thrown)).contains("$.p[" + fit + "]", "together");
  }

  @Test
  void valuesPeopleWriteAreAcceptedSeveralToARequest() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("type", "array",
        "items", Map.of("type", "string", "format", "regex")));
    String alternation = String.join("|", Collections.nCopies(40, "us-south|eu-de"));

    assertThat(alternation.length()).isGreaterThan(500);
    assertThat(provisionWith(validator, List.of("^\\d{3}-\\d{4}$", DOTTED_NAMES, DOTTED_NAMES,
        "^(?=.*[A-Z])(?=.*[0-9]).{8,}$", "^(" + alternation + ")$", "\\p{L}+"))).isNull();
  }

  @Test
  void budgetIsPerRequestNotPerValidator() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("type", "array",
        "items", Map.of("type", "string", "format", "regex")));
    List<String> values = distinct(
        (int) (RegexValues.REQUEST_LENGTH / RegexValues.MAX_LENGTH), RegexValues.MAX_LENGTH);

    assertThat(provisionWith(validator, values)).isNull();
    assertThat(provisionWith(validator, values)).as("the next request has its own").isNull();
  }

  @Test
  void refusedValueUnderNotIsStillABadRequest() throws Exception {
    // a refusal is not "this is no regular expression", which "not" would turn into a pass
    ParameterValidator validator = validatorFor(Map.of("type", "string",
        "not", Map.of("format", "regex")));

    Throwable thrown = provisionWith(validator, "a".repeat(RegexValues.MAX_LENGTH + 1));

    assertThat(descriptionOf(thrown)).contains("$.p", "longer than 1000 characters");
  }

  @Test
  void valueCheckedByBothBranchesOfAnyOfCountsOnceAgainstTheBudget() throws Exception {
    // ten values of 1,000 characters fill the budget exactly; the first branch fails on its
    // pattern, so the second checks each value again: counted twice, they were refused
    ParameterValidator validator = validatorFor(Map.of("type", "array", "items",
        Map.of("anyOf", List.of(Map.of("format", "regex", "pattern", "^x"),
            Map.of("format", "regex")))));
    List<String> values = distinct(
        (int) (RegexValues.REQUEST_LENGTH / RegexValues.MAX_LENGTH), RegexValues.MAX_LENGTH);

    assertThat(provisionWith(validator, values)).isNull();
  }

  @Test
  void valueCheckedByTheConditionAndTheBranchOfIfCountsOnceAgainstTheBudget()
      throws Exception {
    // if, then and else are keywords of draft-07 on
    ParameterValidator validator = ParameterValidatorTest.validator(Map.of("$schema",
        "http://json-schema.org/draft-07/schema#", "type", "object", "properties",
        Map.of("p", Map.of("type", "array", "items", Map.of("if", Map.of("format", "regex"),
            "then", Map.of("format", "regex"), "else", Map.of("format", "regex"))))),
        null, null);
    List<String> values = distinct(
        (int) (RegexValues.REQUEST_LENGTH / RegexValues.MAX_LENGTH), RegexValues.MAX_LENGTH);

    assertThat(provisionWith(validator, values)).isNull();
  }

  @Test
  void valueCheckedByEveryBranchOfOneOfCountsOnceAgainstTheBudget() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("type", "array", "items",
        Map.of("oneOf", List.of(Map.of("format", "regex", "maxLength", 10),
            Map.of("format", "regex", "minLength", 11)))));
    List<String> values = distinct(
        (int) (RegexValues.REQUEST_LENGTH / RegexValues.MAX_LENGTH), RegexValues.MAX_LENGTH);

    assertThat(provisionWith(validator, values)).isNull();
  }

  @Test
  void sameValueSentManyTimesIsCompiledAndCountedOnce() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("type", "array",
        "items", Map.of("type", "string", "format", "regex")));
    List<String> values = Collections.nCopies(1_000, "d".repeat(RegexValues.MAX_LENGTH));

    assertThat(provisionWith(validator, values)).isNull();
  }

  @Test
  void refusalAlsoNamesTheProblemsFoundBeforeIt() throws Exception {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("size", Map.of("type", "integer"));
    properties.put("name", Map.of("type", "string"));
    properties.put("p", Map.of("type", "string", "format", "regex"));
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", ParameterValidatorTest.DRAFT_04);
    schema.put("type", "object");
    schema.put("properties", properties);
    ParameterValidator validator = ParameterValidatorTest.validator(schema, null, null);
    ObjectNode parameters = MAPPER.createObjectNode();
    parameters.put("size", "large");
    parameters.put("name", 5);
    parameters.put("p", "a".repeat(RegexValues.MAX_LENGTH + 1));

    Throwable thrown = catchThrowable(() -> validator.validateProvisionTree("plan-s", parameters));

    // the library checks the properties in the schema's order: size and name before p
    assertThat(descriptionOf(thrown)).contains("$.p: is longer than 1000 characters",
        "$.size: must be of type integer", "$.name: must be of type string");
  }
}

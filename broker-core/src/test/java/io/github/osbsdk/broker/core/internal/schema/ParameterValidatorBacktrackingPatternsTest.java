package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Catalog patterns RE2J cannot compile (lookaround, backreferences) run on java.util.regex with
 * a budget of characters read: they check values as JSON Schema says, and catastrophic
 * backtracking on a customer's value ends in a 400, counted in steps, not time.
 */
class ParameterValidatorBacktrackingPatternsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PASSWORD = "^(?=.*[A-Z])(?=.*[0-9]).{8,}$";

  private static ParameterValidator validatorFor(Map<String, Object> property) {
    return ParameterValidatorTest.validator(Map.of("$schema", ParameterValidatorTest.DRAFT_04,
        "type", "object", "properties", Map.of("password", property)), null, null);
  }

  private static Throwable provisionWith(ParameterValidator validator, String value)
      throws Exception {
    ObjectNode parameters = MAPPER.createObjectNode().put("password", value);
    return catchThrowable(() -> validator.validateProvisionTree("plan-s", parameters));
  }

  @Test
  void lookaheadPasswordPatternAcceptsAGoodValueAndRefusesABadOneNamingTheParameter()
      throws Exception {
    ParameterValidator validator = validatorFor(Map.of("type", "string", "pattern", PASSWORD));

    assertThat(provisionWith(validator, "Secret123")).isNull();
    Throwable thrown = provisionWith(validator, "secret123");

    assertThat(thrown).isInstanceOf(ServiceBrokerException.class);
    ServiceBrokerException e = (ServiceBrokerException) thrown;
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.description()).contains("$.password", PASSWORD)
        .doesNotContain("could not be checked");
  }

  @Test
  void lookaheadPasswordPatternChecksALongValueWithinItsBudget() throws Exception {
    // each lookahead reads the value about once: linear, far below the budget
    ParameterValidator validator = validatorFor(Map.of("type", "string", "pattern", PASSWORD));

    assertThat(provisionWith(validator, "a".repeat(300_000) + "A1")).isNull();
    assertThat(((ServiceBrokerException) provisionWith(validator, "a".repeat(300_000) + "A"))
        .description()).contains("$.password").doesNotContain("could not be checked");
  }

  @Test
  void catastrophicLookaroundPatternOnALongNonMatchingValueCouldNotBeChecked() throws Exception {
    // (.*a){12} before a failing $ tries every way to split the a's in 12: n^12 steps
    ParameterValidator validator = validatorFor(Map.of("type", "string",
        "pattern", "^(?=(.*a){12}$).*"));

    Throwable thrown = provisionWith(validator, "a".repeat(1_000) + "!");

    assertThat(thrown).isInstanceOf(ServiceBrokerException.class);
    ServiceBrokerException e = (ServiceBrokerException) thrown;
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.description()).contains("could not be checked against the pattern",
        "^(?=(.*a){12}$).*");
  }

  @Test
  void catastrophicPatternStopsAfterItsBudgetOfCharactersRead() {
    BoundedJdkPattern bounded = new BoundedJdkPattern(
        java.util.regex.Pattern.compile("^(?=(.*a){12}$).*"));
    String value = "a".repeat(40) + "!";

    Throwable thrown = catchThrowable(() -> bounded.find(value));

    assertThat(thrown).isInstanceOf(BoundedJdkPattern.Exceeded.class);
    assertThat(BoundedJdkPattern.budget(value.length())).isEqualTo(1_000_000L + 100L * 41);
    assertThat(new BoundedJdkPattern(java.util.regex.Pattern.compile("^(?=(.*a){12}$).*"))
        .find("a".repeat(40))).isTrue();
  }

  @Test
  void catastrophicPatternUnderAnyOfOrNotStillCouldNotBeChecked() throws Exception {
    // combining keywords collect their subschemas' failures: the budget must still stop it
    Map<String, Object> catastrophic = Map.of("pattern", "^(?=(.*a){12}$).*");
    for (Map<String, Object> property : List.of(
        Map.<String, Object>of("anyOf", List.of(catastrophic, Map.of("maxLength", 0))),
        Map.<String, Object>of("not", catastrophic))) {
      ParameterValidator validator = validatorFor(property);

      Throwable thrown = provisionWith(validator, "a".repeat(1_000) + "!");

      assertThat(thrown).as("%s", property).isInstanceOf(ServiceBrokerException.class);
      assertThat(((ServiceBrokerException) thrown).description())
          .contains("could not be checked against the pattern");
    }
  }

  @Test
  void backreferencePatternMatchesRepeatedTextOnly() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("type", "string",
        "pattern", "^([a-z]+)-\\1$"));

    assertThat(provisionWith(validator, "abc-abc")).isNull();
    Throwable thrown = provisionWith(validator, "abc-abd");

    assertThat(thrown).isInstanceOf(ServiceBrokerException.class);
    assertThat(((ServiceBrokerException) thrown).description()).contains("$.password");
  }

  @Test
  void negativeLookaheadInPatternPropertiesChecksTheNamedProperties() throws Exception {
    ParameterValidator validator = ParameterValidatorTest.validator(Map.of(
        "$schema", ParameterValidatorTest.DRAFT_04, "type", "object",
        "patternProperties", Map.of("^(?!x-)[a-z]+$", Map.of("type", "integer"))), null, null);

    ObjectNode good = MAPPER.createObjectNode().put("size", 1).put("x-note", "free text");
    ObjectNode bad = MAPPER.createObjectNode().put("size", "big");

    assertThat(catchThrowable(() -> validator.validateProvisionTree("plan-s", good))).isNull();
    assertThat(catchThrowable(() -> validator.validateProvisionTree("plan-s", bad)))
        .isInstanceOf(ServiceBrokerException.class);
  }

  @Test
  void onlyPatternsRe2jCannotCompileRunOnTheBoundedEngine() {
    ObjectNode schema = MAPPER.valueToTree(Map.of("type", "object",
        "properties", Map.of(
            "a", Map.of("type", "string", "pattern", PASSWORD),
            "b", Map.of("type", "string", "pattern", "^[a-z]+$"),
            "c", Map.of("type", "string", "pattern", PASSWORD)),
        "patternProperties", Map.of("^([a-z])\\1$", Map.of())));

    assertThat(JsonSchemas.backtrackingPatterns(schema))
        .containsExactlyInAnyOrder(PASSWORD, "^([a-z])\\1$");
    assertThat(SchemaRegexes.backtracking("^[a-z]+$")).isFalse();
    assertThat(SchemaRegexes.backtracking("(?=x")).isFalse();
  }
}

package io.github.osbsdk.broker.core.internal.schema;

import static io.github.osbsdk.broker.core.internal.schema.ParameterChecks.assertRefused;
import static io.github.osbsdk.broker.core.internal.schema.ParameterChecks.bytesToRefuse;
import static io.github.osbsdk.broker.core.internal.schema.ParameterChecks.provisionWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * anyOf, oneOf, not and if check each subschema against an error list of their own: a subschema
 * failing on each of 500,000 items must cost about the body, and the keywords keep their meaning.
 */
class ParameterValidatorCombinedSchemasTest {
  private static final String HALF_A_MILLION_ONES = "[1" + ",1".repeat(499_999) + "]";
  private static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";
  private static final Map<String, Object> STRINGS =
      Map.of("type", "array", "items", Map.of("type", "string"));
  private static final Map<String, Object> BOOLEANS =
      Map.of("type", "array", "items", Map.of("type", "boolean"));
  private static final Map<String, Object> NUMBERS =
      Map.of("type", "array", "items", Map.of("type", "number"));

  private static ParameterValidator validatorFor(Map<String, Object> property) {
    return ParameterValidatorTest.validator(Map.of("$schema", ParameterValidatorTest.DRAFT_04,
        "type", "object", "properties", Map.of("p", property)), null, null);
  }

  private static ParameterValidator draft7ValidatorFor(Map<String, Object> property) {
    return ParameterValidatorTest.validator(Map.of("$schema", DRAFT_07,
        "type", "object", "properties", Map.of("p", property)), null, null);
  }

  private static void assertAccepted(Throwable thrown) {
    assertThat(thrown).isNull();
  }

  @Test
  void aMegabyteOfFailingItemsUnderAnyOfAllocatesAboutTheBodyNotAThousandTimesIt()
      throws Exception {
    ParameterValidator validator = validatorFor(Map.of("anyOf", List.of(STRINGS, BOOLEANS)));

    assertThat(bytesToRefuse(validator, HALF_A_MILLION_ONES))
        .as("bytes allocated to refuse a 1 MB body").isLessThan(64L << 20);
  }

  @Test
  void aMegabyteOfFailingItemsUnderOneOfAllocatesAboutTheBodyNotAThousandTimesIt()
      throws Exception {
    ParameterValidator validator = validatorFor(Map.of("oneOf", List.of(STRINGS, BOOLEANS)));

    assertThat(bytesToRefuse(validator, HALF_A_MILLION_ONES))
        .as("bytes allocated to refuse a 1 MB body").isLessThan(64L << 20);
  }

  @Test
  void aMegabyteOfItemsPassingUnderNotAllocatesAboutTheBodyNotAThousandTimesIt()
      throws Exception {
    // not's subschema fails on every item, so not passes; a second property makes the 400
    ParameterValidator validator = validatorFor(Map.of("not", STRINGS, "maxItems", 1));

    assertThat(bytesToRefuse(validator, HALF_A_MILLION_ONES))
        .as("bytes allocated to refuse a 1 MB body").isLessThan(64L << 20);
  }

  @Test
  void anyOfAcceptsAValueOneSubschemaAcceptsAndRefusesOneNoneAccepts() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("anyOf", List.of(STRINGS, NUMBERS)));

    assertAccepted(provisionWith(validator, "[\"a\",\"b\"]"));
    assertAccepted(provisionWith(validator, "[1,2.5]"));
    assertRefused(provisionWith(validator, "[true]"));
    assertRefused(provisionWith(validator, HALF_A_MILLION_ONES.replace("[1,", "[true,")));
  }

  @Test
  void anyOfAcceptsAMegabyteThatItsLastSubschemaAccepts() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("anyOf", List.of(STRINGS, BOOLEANS,
        NUMBERS)));

    assertAccepted(provisionWith(validator, HALF_A_MILLION_ONES));
  }

  @Test
  void oneOfAcceptsAValueExactlyOneSubschemaAccepts() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("oneOf", List.of(STRINGS, BOOLEANS,
        NUMBERS)));

    assertAccepted(provisionWith(validator, "[\"a\"]"));
    assertAccepted(provisionWith(validator, HALF_A_MILLION_ONES));
    assertRefused(provisionWith(validator, "[null]"));
  }

  @Test
  void oneOfRefusesAValueTwoSubschemasAccept() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("oneOf", List.of(STRINGS,
        Map.of("type", "array", "maxItems", 3))));

    assertAccepted(provisionWith(validator, "[1,2]"));
    assertAccepted(provisionWith(validator, "[\"a\",\"b\",\"c\",\"d\"]"));
    assertRefused(provisionWith(validator, "[\"a\"]"));
  }

  @Test
  void notAcceptsWhatItsSubschemaRefusesAndRefusesWhatItAccepts() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("not", STRINGS));

    assertAccepted(provisionWith(validator, "[1]"));
    assertAccepted(provisionWith(validator, HALF_A_MILLION_ONES));
    assertRefused(provisionWith(validator, "[\"a\"]"));
    assertRefused(provisionWith(validator, "[]"));
  }

  @Test
  void aMegabyteOfFailingItemsUnderIfAllocatesAboutTheBodyNotAThousandTimesIt()
      throws Exception {
    // the condition fails on every item, so else applies and refuses
    ParameterValidator validator = draft7ValidatorFor(Map.of("if", STRINGS,
        "else", Map.of("maxItems", 1)));

    assertThat(bytesToRefuse(validator, HALF_A_MILLION_ONES))
        .as("bytes allocated to refuse a 1 MB body").isLessThan(64L << 20);
  }

  @Test
  void ifAppliesThenWhenTheConditionPassesAndElseWhenItFails() throws Exception {
    ParameterValidator validator = draft7ValidatorFor(Map.of("if", STRINGS,
        "then", Map.of("maxItems", 1), "else", Map.of("minItems", 3)));

    assertAccepted(provisionWith(validator, "[\"a\"]"));
    assertRefused(provisionWith(validator, "[\"a\",\"b\"]"));
    assertAccepted(provisionWith(validator, HALF_A_MILLION_ONES));
    assertRefused(provisionWith(validator, "[1]"));
  }

  @Test
  void ifIsNoKeywordInDraft04() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("if", STRINGS,
        "else", Map.of("maxItems", 0)));

    assertAccepted(provisionWith(validator, "[1]"));
  }
}

package io.github.osbsdk.broker.core.internal.schema;

import static io.github.osbsdk.broker.core.internal.schema.ParameterChecks.assertRefused;
import static io.github.osbsdk.broker.core.internal.schema.ParameterChecks.bytesToRefuse;
import static io.github.osbsdk.broker.core.internal.schema.ParameterChecks.provisionWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * contains (with minContains and maxContains) checks each item against an error list that stops
 * at the item's first problem: an item failing 500,000 times must cost about the body, and the
 * keyword keeps its meaning.
 */
class ParameterValidatorContainsTest {
  private static final String HALF_A_MILLION_ONES = "[1" + ",1".repeat(499_999) + "]";
  private static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";
  private static final String DRAFT_2019 = "https://json-schema.org/draft/2019-09/schema";
  private static final String DRAFT_2020 = "https://json-schema.org/draft/2020-12/schema";
  private static final Map<String, Object> STRING = Map.of("type", "string");
  private static final Map<String, Object> STRINGS =
      Map.of("type", "array", "items", STRING);

  private static ParameterValidator validatorFor(String dialect, Map<String, Object> property) {
    return ParameterValidatorTest.validator(Map.of("$schema", dialect,
        "type", "object", "properties", Map.of("p", property)), null, null);
  }

  @Test
  void anItemFailingHalfAMillionTimesUnderContainsAllocatesAboutTheBodyNotAHundredTimesIt()
      throws Exception {
    // the one item fails its subschema once per element: the library kept every one of those
    // errors (about 170 MB for this 1 MB body) before it asked whether the list was empty
    ParameterValidator validator = validatorFor(DRAFT_07, Map.of("contains", STRINGS));

    assertThat(bytesToRefuse(validator, "[" + HALF_A_MILLION_ONES + "]"))
        .as("bytes allocated to refuse a 1 MB body").isLessThan(64L << 20);
  }

  @Test
  void anItemFailingHalfAMillionTimesUnderMinContainsAllocatesAboutTheBody() throws Exception {
    ParameterValidator validator = validatorFor(DRAFT_2019, Map.of("contains", STRINGS,
        "minContains", 2));

    assertThat(bytesToRefuse(validator, "[[\"a\"]," + HALF_A_MILLION_ONES + "]"))
        .as("bytes allocated to refuse a 1 MB body").isLessThan(64L << 20);
  }

  @Test
  void anItemFailingHalfAMillionTimesBesideUnevaluatedItemsAllocatesAboutTheBody()
      throws Exception {
    ParameterValidator validator = validatorFor(DRAFT_2020, Map.of("contains", STRINGS,
        "unevaluatedItems", false));

    assertThat(bytesToRefuse(validator, "[" + HALF_A_MILLION_ONES + "]"))
        .as("bytes allocated to refuse a 1 MB body").isLessThan(64L << 20);
  }

  @Test
  void halfAMillionItemsThatEachFailOnceUnderContainsStayLinear() throws Exception {
    // one error per item, each dropped at once: about 350 bytes an item, as with the library
    ParameterValidator validator = validatorFor(DRAFT_07, Map.of("contains", STRING));

    assertThat(bytesToRefuse(validator, HALF_A_MILLION_ONES))
        .as("bytes allocated to refuse a 1 MB body").isLessThan(512L << 20);
  }

  @Test
  void containsAcceptsAnArrayWithAMatchingItemAndRefusesOneWithout() throws Exception {
    ParameterValidator validator = validatorFor(DRAFT_07, Map.of("contains", STRING));

    assertThat(provisionWith(validator, "[1,\"a\",2]")).isNull();
    assertThat(provisionWith(validator, HALF_A_MILLION_ONES.replace("[1,", "[\"a\","))).isNull();
    assertThat(provisionWith(validator, "\"not an array\"")).isNull();
    assertRefused(provisionWith(validator, "[1,2]"));
    assertRefused(provisionWith(validator, "[]"));
  }

  @Test
  void minContainsAndMaxContainsCountTheMatchingItems() throws Exception {
    ParameterValidator validator = validatorFor(DRAFT_2019, Map.of("contains", STRING,
        "minContains", 2, "maxContains", 3));

    assertRefused(provisionWith(validator, "[\"a\",1]"));
    assertThat(provisionWith(validator, "[\"a\",1,\"b\"]")).isNull();
    assertThat(provisionWith(validator, "[\"a\",\"b\",\"c\"]")).isNull();
    assertRefused(provisionWith(validator, "[\"a\",\"b\",\"c\",\"d\"]"));
  }

  @Test
  void minContainsZeroAcceptsAnArrayWithoutMatchingItems() throws Exception {
    ParameterValidator validator = validatorFor(DRAFT_2020, Map.of("contains", STRING,
        "minContains", 0));

    assertThat(provisionWith(validator, "[1,2]")).isNull();
    assertThat(provisionWith(validator, "[]")).isNull();
  }

  @Test
  void unevaluatedItemsSeesTheItemsContainsMatched() throws Exception {
    ParameterValidator validator = validatorFor(DRAFT_2020, Map.of("contains", STRING,
        "unevaluatedItems", false));

    assertThat(provisionWith(validator, "[\"a\",\"b\"]")).isNull();
    assertRefused(provisionWith(validator, "[\"a\",1]"));
  }
}

package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Customer parameters chosen to make a plan's schema expensive or to break the validator. Each
 * answer must be the validator's own: accepted, or a 400 naming the problem; never a JDK error
 * (which becomes a 500) and never work that grows faster than the body.
 */
class ParameterValidatorHostileInputTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static ParameterValidator validatorFor(Map<String, Object> property) {
    return ParameterValidatorTest.validator(Map.of("$schema", ParameterValidatorTest.DRAFT_04,
        "type", "object", "properties", Map.of("p", property)), null, null);
  }

  private static Throwable provisionWith(ParameterValidator validator, String valueJson)
      throws Exception {
    ObjectNode parameters = (ObjectNode) MAPPER.readTree("{\"p\":" + valueJson + "}");
    return catchThrowable(() -> validator.validateProvisionTree("plan-s", parameters));
  }

  @Test
  void patternWithAnAlternationUnderAStarOnALongStringIsAnsweredNotAStackOverflow()
      throws Exception {
    // a plain catalog pattern; java.util.regex recurses once per repetition of the group
    ParameterValidator validator = validatorFor(Map.of("type", "string",
        "pattern", "^([a-z]|-)*$"));

    Throwable thrown = provisionWith(validator, "\"" + "ab".repeat(10_000) + "\"");

    assertThat(thrown).as("a 20000-character string (well under the 1 MiB body limit)")
        .satisfiesAnyOf(t -> assertThat(t).isNull(),
            t -> assertThat(t).isInstanceOf(ServiceBrokerException.class)
                .extracting(e -> ((ServiceBrokerException) e).status()).isEqualTo(400));
  }

  @Test
  void longStringMatchingAnAlternationPatternIsAccepted() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("type", "string",
        "pattern", "^([a-z]|-)*$"));

    Throwable thrown = provisionWith(validator, "\"" + "ab-".repeat(100_000) + "\"");

    assertThat(thrown).as("300,000 characters that match the pattern").isNull();
  }

  @Test
  void longStringNotMatchingANestedRepetitionPatternIsABadRequestNamingThePattern()
      throws Exception {
    ParameterValidator validator = validatorFor(Map.of("type", "string",
        "pattern", "^([a-z]|-)*$"));

    Throwable thrown = provisionWith(validator, "\"" + "ab".repeat(10_000) + "!\"");

    assertThat(thrown).isInstanceOf(ServiceBrokerException.class);
    assertThat(((ServiceBrokerException) thrown).description()).contains("$.p", "^([a-z]|-)*$");
  }

  @Test
  void hostnameFormatOnALongDottedStringIsAnsweredNotAStackOverflow() throws Exception {
    // draft-04 checks formats; 800 KB of "a." stays under the 1 MiB body limit
    ParameterValidator validator = validatorFor(Map.of("type", "string", "format", "hostname"));

    Throwable thrown = provisionWith(validator, "\"" + "a.".repeat(400_000) + "\"");

    assertThat(thrown).isInstanceOf(ServiceBrokerException.class);
    assertThat(((ServiceBrokerException) thrown).status()).isEqualTo(400);
  }

  @Test
  void patternPropertiesOnALongPropertyNameIsAnsweredNotAStackOverflow() throws Exception {
    // the customer chooses the property names that patternProperties' regexes run on
    ParameterValidator validator = validatorFor(Map.of("type", "object",
        "patternProperties", Map.of("^([a-z]|-)*$", Map.of("type", "integer"))));

    Throwable thrown = provisionWith(validator, "{\"" + "ab".repeat(10_000) + "\": 1}");

    assertThat(thrown).as("a 20000-character property name")
        .satisfiesAnyOf(t -> assertThat(t).isNull(),
            t -> assertThat(t).isInstanceOf(ServiceBrokerException.class)
                .extracting(e -> ((ServiceBrokerException) e).status()).isEqualTo(400));
  }

  @Test
  void multipleOfOnAnIntegerBeyondADoubleIsABadRequestNotANumberFormatException()
      throws Exception {
    ParameterValidator validator = validatorFor(Map.of("type", "number", "multipleOf", 3));

    // 400 digits: a valid JSON integer, read as a BigInteger; its double is Infinity
    Throwable thrown = provisionWith(validator, "9".repeat(400));

    assertThat(thrown).isInstanceOf(ServiceBrokerException.class);
    assertThat(((ServiceBrokerException) thrown).status()).isEqualTo(400);
  }

  @Test
  void uniqueItemsOverManyStringsSharingOneHashCodeIsRefusedBeforeItIsChecked()
      throws Exception {
    // 2^13 distinct strings of "Aa"/"BB" blocks share String.hashCode; the validator's HashSet
    // of nodes then compares every item with every other one (quadratic: 4 s of CPU here for
    // this 230 KB body, 21 s for 2^14 items in 500 KB). A limit on how many items uniqueItems
    // checks (or a check that does not rest on hashCode) must answer it.
    ParameterValidator validator = validatorFor(Map.of("type", "array", "uniqueItems", true));
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 1 << 13; i++) {
      StringBuilder item = new StringBuilder();
      for (int bit = 0; bit < 13; bit++) {
        item.append((i >> bit & 1) == 0 ? "Aa" : "BB");
      }
      items.add(item.toString());
    }
    assertThat(items.stream().map(String::hashCode).distinct()).hasSize(1);
    String body = MAPPER.writeValueAsString(items);
    assertThat(body.length()).isLessThan(1024 * 1024);

    Throwable thrown = provisionWith(validator, body);

    assertThat(thrown).as("uniqueItems over %d items sharing one hash code", items.size())
        .isInstanceOf(ServiceBrokerException.class);
    assertThat(((ServiceBrokerException) thrown).status()).isEqualTo(400);
  }

  @Test
  void aMegabyteOfItemsThatEachFailAllocatesAboutTheBodyNotAThousandTimesIt() throws Exception {
    // every item fails "type"; the answer names ten problems at most, yet each failure is
    // collected and described first: about 900 MB allocated for this 1 MB body
    ParameterValidator validator = validatorFor(Map.of("type", "array",
        "items", Map.of("type", "string")));
    ObjectNode parameters = (ObjectNode) MAPPER.readTree("{\"p\":[1" + ",1".repeat(499_999)
        + "]}");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    threads.setThreadAllocatedMemoryEnabled(true);

    long before = threads.getCurrentThreadAllocatedBytes();
    Throwable thrown = catchThrowable(() -> validator.validateProvisionTree("plan-s", parameters));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(thrown).isInstanceOf(ServiceBrokerException.class);
    assertThat(allocated).as("bytes allocated to refuse a 1 MB body").isLessThan(64L << 20);
  }
}

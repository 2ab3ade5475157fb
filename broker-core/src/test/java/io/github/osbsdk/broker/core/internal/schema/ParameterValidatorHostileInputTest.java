package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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
  void regexFormatValueThatWouldCompileToABillionInstructionsIsABadRequest() throws Exception {
    // RE2J copies what a counted repetition repeats: 24 characters, 10^9 instructions
    ParameterValidator validator = validatorFor(Map.of("type", "string", "format", "regex"));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    threads.setThreadAllocatedMemoryEnabled(true);

    long before = threads.getCurrentThreadAllocatedBytes();
    Throwable thrown = provisionWith(validator, "\"((a{1000}){1000}){1000}\"");
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(thrown).isInstanceOf(ServiceBrokerException.class);
    assertThat(((ServiceBrokerException) thrown).description()).contains("$.p", "written out");
    assertThat(allocated).as("bytes allocated to refuse it").isLessThan(16L << 20);
  }

  @Test
  void ordinaryRegexFormatValuesAreAcceptedAndBrokenOnesRefused() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("type", "string", "format", "regex"));

    assertThat(provisionWith(validator, "\"^\\\\d{3}-\\\\d{4}$\"")).isNull();
    assertThat(provisionWith(validator, "\"^[a-z]{1,63}(\\\\.[a-z]{1,63}){0,126}$\"")).isNull();
    assertThat(provisionWith(validator, "\"(a\"")).isInstanceOf(ServiceBrokerException.class);
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
  void multipleOfOnAnIntegerBeyondADoubleIsCheckedExactlyNotANumberFormatException()
      throws Exception {
    ParameterValidator validator = validatorFor(Map.of("type", "number", "multipleOf", 3));

    // 400 digits: a valid JSON integer, read as a BigInteger; its double is Infinity
    Throwable notAMultiple = provisionWith(validator, "9".repeat(399) + "8");
    Throwable aMultiple = provisionWith(validator, "9".repeat(400));

    assertThat(notAMultiple).isInstanceOf(ServiceBrokerException.class);
    assertThat(((ServiceBrokerException) notAMultiple).status()).isEqualTo(400);
    assertThat(((ServiceBrokerException) notAMultiple).description()).contains("$.p", "3");
    assertThat(aMultiple).as("the digits of 9...9 add up to a multiple of 3").isNull();
  }

  @Test
  void multipleOfOnALongBeyondADoublesPrecisionIsCheckedExactly() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("type", "integer", "multipleOf", 5));

    // 2^53 + 3 is a multiple of 5; the nearest doubles (2^53 + 2 and 2^53 + 4) are not
    Throwable multiple = provisionWith(validator, "9007199254740995");
    Throwable notMultiple = provisionWith(validator, "9007199254740996");

    assertThat(multiple).isNull();
    assertThat(notMultiple).isInstanceOf(ServiceBrokerException.class);
  }

  /** A string node that counts how often it is compared, to see the work uniqueItems does. */
  private static final class CountedText extends TextNode {
    private static final long serialVersionUID = 1L;
    private final AtomicLong comparisons;

    CountedText(String value, AtomicLong comparisons) {
      super(value);
      this.comparisons = comparisons;
    }

    @Override
    public boolean equals(Object o) {
      comparisons.incrementAndGet();
      return super.equals(o);
    }

    @Override
    public int hashCode() {
      return super.hashCode();
    }
  }

  /** 2^bits distinct strings of "Aa"/"BB" blocks, which all share one String.hashCode. */
  private static List<String> stringsSharingOneHashCode(int bits) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 1 << bits; i++) {
      StringBuilder item = new StringBuilder();
      for (int bit = 0; bit < bits; bit++) {
        item.append((i >> bit & 1) == 0 ? "Aa" : "BB");
      }
      items.add(item.toString());
    }
    assertThat(items.stream().map(String::hashCode).distinct()).hasSize(1);
    return items;
  }

  @Test
  void uniqueItemsOverManyStringsSharingOneHashCodeDoesNotCompareEveryItemWithEveryOther() {
    // 2^13 distinct strings sharing String.hashCode: the library's HashSet of nodes compared
    // every item with every other one (quadratic: 4 s of CPU for this 230 KB body, 21 s for
    // 2^14 items in 500 KB); counted here as calls of equals, not timed
    ParameterValidator validator = validatorFor(Map.of("type", "array", "uniqueItems", true));
    AtomicLong comparisons = new AtomicLong();
    ArrayNode array = MAPPER.createArrayNode();
    for (String item : stringsSharingOneHashCode(13)) {
      array.add(new CountedText(item, comparisons));
    }
    ObjectNode parameters = MAPPER.createObjectNode().set("p", array);

    Throwable thrown = catchThrowable(() -> validator.validateProvisionTree("plan-s", parameters));

    assertThat(thrown).as("distinct items are accepted").isNull();
    assertThat(comparisons.get()).as("equals calls for %d items", array.size())
        .isLessThan(20L * array.size());
  }

  @Test
  void uniqueItemsOverStringsSharingOneHashCodeStillRefusesADuplicate() throws Exception {
    ParameterValidator validator = validatorFor(Map.of("type", "array", "uniqueItems", true));
    List<String> items = stringsSharingOneHashCode(10);
    items.add(items.get(123));

    Throwable thrown = provisionWith(validator, MAPPER.writeValueAsString(items));

    assertThat(thrown).isInstanceOf(ServiceBrokerException.class);
    assertThat(((ServiceBrokerException) thrown).status()).isEqualTo(400);
    assertThat(((ServiceBrokerException) thrown).description()).contains("$.p", "unique");
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

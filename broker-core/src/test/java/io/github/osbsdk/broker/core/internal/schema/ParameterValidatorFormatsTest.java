package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Format checks on values customers choose, near the 1 MiB body limit, answer with a 400
 * naming the parameter rather than running for minutes. The library's email, idn-email,
 * style and utc-millisec patterns backtrack quadratically: their values here would each cost
 * it from several minutes to an hour of CPU. The guard is a minute: no machine is that slow
 * with a linear check and none that fast with the library's. The library's hostname,
 * json-pointer, relative-json-pointer, uri-template and color patterns recurse once per
 * character or label: long values, valid or not, are checked on a request thread's stack (1 MB).
 */
class ParameterValidatorFormatsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration HANG = Duration.ofMinutes(1);

  private static ParameterValidator validatorFor(String format) {
    return ParameterValidatorTest.validator(Map.of("$schema",
        "http://json-schema.org/draft-07/schema#", "type", "object",
        "properties", Map.of("p", Map.of("type", "string", "format", format))), null, null);
  }

  private static void assertRefusedInLinearTime(String format, String value) {
    ParameterValidator validator = validatorFor(format);
    ObjectNode parameters = MAPPER.createObjectNode().put("p", value);

    Throwable thrown = assertTimeoutPreemptively(HANG,
        () -> catchThrowable(() -> validator.validateProvisionTree("plan-s", parameters)),
        () -> format + " still checks a " + value.length() + "-character value for minutes");

    assertThat(thrown).isInstanceOf(ServiceBrokerException.class);
    assertThat(((ServiceBrokerException) thrown).status()).isEqualTo(400);
    assertThat(((ServiceBrokerException) thrown).description()).contains("$.p", format);
  }

  @Test
  void emailOfManyAtSignsAndASpaceIsRefusedNotCheckedForMinutes() {
    assertRefusedInLinearTime("email", "a@".repeat(250_000) + " ");
  }

  @Test
  void idnEmailOfManyAtSignsAndASpaceIsRefusedNotCheckedForMinutes() {
    assertRefusedInLinearTime("idn-email", "a@".repeat(250_000) + " ");
  }

  @Test
  void styleOfManySpacesIsRefusedNotCheckedForMinutes() {
    assertRefusedInLinearTime("style", " ".repeat(500_000));
  }

  @Test
  void utcMillisecOfManyDigitsAndALetterIsRefusedNotCheckedForMinutes() {
    assertRefusedInLinearTime("utc-millisec", "1".repeat(500_000) + "x");
  }

  @Test
  void longValuesOfTheseFormatsAreStillAccepted() {
    ParameterValidator email = validatorFor("email");
    ParameterValidator style = validatorFor("style");
    ParameterValidator millis = validatorFor("utc-millisec");

    assertThat(catchThrowable(() -> email.validateProvisionTree("plan-s",
        MAPPER.createObjectNode().put("p", "user@" + "a.".repeat(100) + "com")))).isNull();
    assertThat(catchThrowable(() -> style.validateProvisionTree("plan-s",
        MAPPER.createObjectNode().put("p", "a:" + "b".repeat(500_000) + ";")))).isNull();
    assertThat(catchThrowable(() -> millis.validateProvisionTree("plan-s",
        MAPPER.createObjectNode().put("p", "1".repeat(500_000) + ".5")))).isNull();
  }

  /** What checking {@code {"p": value}} throws, or null, on a thread with a 1 MB stack. */
  private static Throwable checkedOnAOneMegabyteStack(String format, String value)
      throws InterruptedException {
    ParameterValidator validator = validatorFor(format);
    ObjectNode parameters = MAPPER.createObjectNode().put("p", value);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread thread = new Thread(null, () -> thrown.set(catchThrowable(
        () -> validator.validateProvisionTree("plan-s", parameters))), "one-megabyte-stack",
        1 << 20);
    thread.start();
    thread.join();
    return thrown.get();
  }

  /** Values of about 500,000 characters of each format, valid, then made invalid at the end. */
  private static Map<String, String[]> longValues() {
    Map<String, String[]> values = new LinkedHashMap<>();
    values.put("hostname", new String[] {"a.".repeat(250_000) + "a", "a.".repeat(250_000)});
    values.put("json-pointer", new String[] {"/a".repeat(250_000), "/a".repeat(250_000) + "~"});
    values.put("relative-json-pointer",
        new String[] {"0" + "/a~0".repeat(125_000), "0" + "/a~0".repeat(125_000) + "#"});
    values.put("uri-template",
        new String[] {"x{a,b.c}".repeat(60_000), "x{a,b.c}".repeat(60_000) + "{"});
    values.put("color", new String[] {"rgb(" + "1%".repeat(250_000) + ",100%,9%)",
        "rgb(" + "1%".repeat(250_000) + ",100%,9)"});
    return values;
  }

  @Test
  void longValidValuesOfFormatsWhoseLibraryPatternsRecurseAreAccepted() throws Exception {
    for (Map.Entry<String, String[]> format : longValues().entrySet()) {
      assertThat(checkedOnAOneMegabyteStack(format.getKey(), format.getValue()[0]))
          .as("a long valid %s", format.getKey()).isNull();
    }
  }

  @Test
  void longInvalidValuesOfThoseFormatsAreRefusedNamingTheParameterAndFormat() throws Exception {
    for (Map.Entry<String, String[]> format : longValues().entrySet()) {
      Throwable thrown = checkedOnAOneMegabyteStack(format.getKey(), format.getValue()[1]);
      assertThat(thrown).as("a long invalid %s", format.getKey())
          .isInstanceOf(ServiceBrokerException.class);
      assertThat(((ServiceBrokerException) thrown).status()).isEqualTo(400);
      assertThat(((ServiceBrokerException) thrown).description())
          .contains("$.p", format.getKey());
    }
  }
}

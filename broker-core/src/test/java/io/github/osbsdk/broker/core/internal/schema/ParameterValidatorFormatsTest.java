package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Format checks on values customers choose, near the 1 MiB body limit, answer with a 400
 * naming the parameter rather than running for minutes. The library's email, idn-email,
 * style and utc-millisec patterns backtrack quadratically: their values here would each cost
 * it from several minutes to an hour of CPU. The guard is a minute: no machine is that slow
 * with a linear check and none that fast with the library's.
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
}

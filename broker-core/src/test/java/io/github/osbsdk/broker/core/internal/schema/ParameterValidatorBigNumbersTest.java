package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * minimum, maximum, exclusiveMinimum and exclusiveMaximum with integers of 1000 digits, as value
 * or as bound: the answer is right (accepted or 400), never a 500, and exact past 2^53.
 */
class ParameterValidatorBigNumbersTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";
  /** 10^999: 1000 digits, Jackson's longest number by default. */
  private static final String HUGE = "1" + "0".repeat(999);
  private static final BigInteger HUGE_NUMBER = new BigInteger(HUGE);
  private static final String HUGE_PLUS_ONE = HUGE_NUMBER.add(BigInteger.ONE).toString();

  private static ParameterValidator validatorFor(String draft, Map<String, Object> property) {
    return ParameterValidatorTest.validator(Map.of("$schema", draft,
        "type", "object", "properties", Map.of("p", property)), null, null);
  }

  private static Throwable provisionWith(ParameterValidator validator, String valueJson)
      throws Exception {
    ObjectNode parameters = (ObjectNode) MAPPER.readTree("{\"p\":" + valueJson + "}");
    return catchThrowable(() -> validator.validateProvisionTree("plan-s", parameters));
  }

  private static void assertAccepted(ParameterValidator validator, String valueJson)
      throws Exception {
    assertThat(provisionWith(validator, valueJson)).as(valueJson).isNull();
  }

  private static void assertRefused(ParameterValidator validator, String valueJson)
      throws Exception {
    Throwable thrown = provisionWith(validator, valueJson);
    assertThat(thrown).as(valueJson).isInstanceOf(ServiceBrokerException.class);
    assertThat(((ServiceBrokerException) thrown).status()).isEqualTo(400);
  }

  @Test
  void hugeValuesAgainstSmallBoundsAreAnsweredRight() throws Exception {
    for (String draft : new String[] {ParameterValidatorTest.DRAFT_04, DRAFT_07}) {
      ParameterValidator minimum = validatorFor(draft, Map.of("minimum", 0));
      assertAccepted(minimum, HUGE);
      assertRefused(minimum, "-" + HUGE);
      ParameterValidator maximum = validatorFor(draft, Map.of("maximum", 10));
      assertRefused(maximum, HUGE);
      assertAccepted(maximum, "-" + HUGE);
    }
    ParameterValidator exclusiveMinimum = validatorFor(DRAFT_07, Map.of("exclusiveMinimum", 0));
    assertAccepted(exclusiveMinimum, HUGE);
    assertRefused(exclusiveMinimum, "-" + HUGE);
    ParameterValidator exclusiveMaximum = validatorFor(DRAFT_07, Map.of("exclusiveMaximum", 0));
    assertRefused(exclusiveMaximum, HUGE);
    assertAccepted(exclusiveMaximum, "-" + HUGE);
    ParameterValidator draft04Exclusive = validatorFor(ParameterValidatorTest.DRAFT_04,
        Map.of("maximum", 10, "exclusiveMaximum", true));
    assertRefused(draft04Exclusive, HUGE);
    assertAccepted(draft04Exclusive, "-" + HUGE);
  }

  @Test
  void hugeBoundsAreComparedExactly() throws Exception {
    ParameterValidator maximum = validatorFor(DRAFT_07, Map.of("maximum", HUGE_NUMBER));
    assertAccepted(maximum, "5");
    assertAccepted(maximum, HUGE);
    assertRefused(maximum, HUGE_PLUS_ONE);
    ParameterValidator minimum = validatorFor(DRAFT_07, Map.of("minimum", HUGE_NUMBER));
    assertRefused(minimum, "5");
    assertAccepted(minimum, HUGE);
    assertAccepted(minimum, HUGE_PLUS_ONE);
    ParameterValidator exclusiveMaximum = validatorFor(DRAFT_07,
        Map.of("exclusiveMaximum", HUGE_NUMBER));
    assertRefused(exclusiveMaximum, HUGE);
    assertAccepted(exclusiveMaximum, "5");
    ParameterValidator exclusiveMinimum = validatorFor(DRAFT_07,
        Map.of("exclusiveMinimum", HUGE_NUMBER));
    assertRefused(exclusiveMinimum, HUGE);
    assertAccepted(exclusiveMinimum, HUGE_PLUS_ONE);
  }

  @Test
  void integersPastTwoToTheFiftyThreeAreComparedExactly() throws Exception {
    // 10^20 - 1 rounds to 10^20 as a double
    ParameterValidator minimum = validatorFor(DRAFT_07,
        Map.of("minimum", new BigInteger("100000000000000000000")));
    assertRefused(minimum, "99999999999999999999");
    assertAccepted(minimum, "100000000000000000000");
    ParameterValidator maximum = validatorFor(DRAFT_07,
        Map.of("maximum", new BigInteger("99999999999999999999")));
    assertRefused(maximum, "100000000000000000000");
    assertAccepted(maximum, "99999999999999999999");
  }
}

package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.lang.management.ManagementFactory;

/**
 * Provisions of plan {@code plan-s} whose parameters are {@code {"p": value}}, checked by a
 * {@link ParameterValidator}: what they throw, and what a refused one allocates.
 */
final class ParameterChecks {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ParameterChecks() {}

  /** What checking a provision with {@code {"p": valueJson}} throws, or null. */
  static Throwable provisionWith(ParameterValidator validator, String valueJson)
      throws Exception {
    ObjectNode parameters = (ObjectNode) MAPPER.readTree("{\"p\":" + valueJson + "}");
    return catchThrowable(() -> validator.validateProvisionTree("plan-s", parameters));
  }

  /** Bytes this thread allocates to refuse the value (400); the body is parsed before. */
  static long bytesToRefuse(ParameterValidator validator, String valueJson) throws Exception {
    ObjectNode parameters = (ObjectNode) MAPPER.readTree("{\"p\":" + valueJson + "}");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    threads.setThreadAllocatedMemoryEnabled(true);
    long before = threads.getCurrentThreadAllocatedBytes();
    Throwable thrown = catchThrowable(() -> validator.validateProvisionTree("plan-s", parameters));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertRefused(thrown);
    return allocated;
  }

  /** Asserts a 400 refusal. */
  static void assertRefused(Throwable thrown) {
    assertThat(thrown).isInstanceOf(ServiceBrokerException.class);
    assertThat(((ServiceBrokerException) thrown).status()).isEqualTo(400);
  }
}

package io.github.osbsdk.samples.hello.cxf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How {@code java -jar hello-broker-cxf.jar} reports a start that cannot succeed. */
class HelloBrokerCxfMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicInteger exit = new AtomicInteger(-1);

  private Object start(Map<String, String> env) {
    return HelloBrokerCxfMain.start(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), exit::set);
  }

  @Test
  void emptyBrokerAuthIsRefusedInOneLineNamingTheVariable() {
    Object server = start(Map.of("BROKER_AUTH", "", "BROKER_PASSWORD", "broker-secret-value",
        "HOST", "127.0.0.1", "PORT", "0"));

    assertThat(server).isNull();
    assertThat(exit).hasValue(2);
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo("hello-broker-cxf: configuration refused:"
            + " BROKER_AUTH must be 'iam' or 'basic', not ''");
  }

  @Test
  void malformedPortIsRefusedInOneLineNamingTheVariable() {
    Object server = start(Map.of("PORT", "80a", "BROKER_AUTH", "basic"));

    assertThat(server).isNull();
    assertThat(exit).hasValue(2);
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo("hello-broker-cxf: configuration refused:"
            + " PORT must be a whole number, not '80a'");
    assertThat(out.size()).isZero();
  }
}

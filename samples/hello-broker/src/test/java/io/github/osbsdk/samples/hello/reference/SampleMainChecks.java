package io.github.osbsdk.samples.hello.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * How a container sample's {@code java -jar} reports a start that cannot succeed: one line on
 * standard error that names the sample and the variable, exit status 2, nothing started. A
 * container sample's test extends this class and says how its main class starts.
 */
public abstract class SampleMainChecks {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicInteger exit = new AtomicInteger(-1);

  /**
   * The sample's name, the prefix of its error lines.
   *
   * @return e.g. {@code hello-broker-cxf}
   */
  protected abstract String sample();

  /**
   * Starts the sample as its main class does.
   *
   * @param env the environment
   * @param out standard output
   * @param err standard error
   * @param exit told the exit status when the server did not start
   * @return the running server, or null
   */
  protected abstract Object start(Map<String, String> env, PrintStream out, PrintStream err,
      IntConsumer exit);

  private Object start(Map<String, String> env) {
    return start(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), exit::set);
  }

  @Test
  void emptyBrokerAuthIsRefusedInOneLineNamingTheVariable() {
    Object server = start(Map.of("BROKER_AUTH", "", "BROKER_PASSWORD", "broker-secret-value",
        "HOST", "127.0.0.1", "PORT", "0"));

    assertThat(server).isNull();
    assertThat(exit).hasValue(2);
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo(sample() + ": configuration refused:"
            + " BROKER_AUTH must be 'iam' or 'basic', not an empty value");
  }

  @Test
  void metricsTheSampleDoesNotServeAreRefusedInOneLineRatherThanSilentlyLost() throws Exception {
    // the environment of a deployment of samples/hello-broker, which serves them
    Object server = start(Map.of("BROKER_METRICS", "true", "METRICS_PORT", "0",
        "BROKER_AUTH", "basic", "BROKER_PASSWORD", "broker-secret-value", "HOST", "127.0.0.1",
        "PORT", "0"));
    try {
      assertThat(server).isNull();
      assertThat(exit).hasValue(2);
      assertThat(err.toString(StandardCharsets.UTF_8).strip())
          .isEqualTo(sample() + ": configuration refused: BROKER_METRICS=true, but " + sample()
              + " serves neither /metrics nor /health; unset it, or run samples/hello-broker"
              + " (Jersey on Grizzly), which serves both");
      assertThat(out.size()).isZero();
    } finally {
      if (server instanceof AutoCloseable started) {
        started.close();
      }
    }
  }

  @Test
  void malformedBrokerMetricsIsRefusedAsTheGrizzlySampleRefusesIt() throws Exception {
    Object server = start(Map.of("BROKER_METRICS", "yes", "BROKER_AUTH", "basic",
        "BROKER_PASSWORD", "broker-secret-value", "HOST", "127.0.0.1", "PORT", "0"));
    try {
      assertThat(server).isNull();
      assertThat(exit).hasValue(2);
      assertThat(err.toString(StandardCharsets.UTF_8).strip())
          .isEqualTo(sample() + ": configuration refused:"
              + " BROKER_METRICS must be true or false, not a value of 3 characters (not"
              + " shown)");
    } finally {
      if (server instanceof AutoCloseable started) {
        started.close();
      }
    }
  }

  /**
   * Found by a new-user audit: every container sample logged "With BROKER_DATABASE_URL the key
   * is required.", though it keeps its state in memory and ignores BROKER_DATABASE_URL.
   */
  @Test
  void logSaysNothingOfTheDatabaseTheSampleIgnores() throws Exception {
    Object server = null;
    try (ConsoleCapture console = new ConsoleCapture()) {
      server = start(Map.of("BROKER_AUTH", "basic", "BROKER_PASSWORD", "broker-secret-value",
          "HOST", "127.0.0.1", "PORT", "0"));

      assertThat(server).isNotNull();
      assertThat(console.text()).contains("random key of this process")
          .doesNotContain("BROKER_DATABASE_URL");
    } finally {
      if (server instanceof AutoCloseable started) {
        started.close();
      }
    }
  }

  @Test
  void malformedPortIsRefusedInOneLineNamingTheVariable() {
    Object server = start(Map.of("PORT", "80a", "BROKER_AUTH", "basic"));

    assertThat(server).isNull();
    assertThat(exit).hasValue(2);
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo(sample() + ": configuration refused:"
            + " PORT must be a whole number, not a value of 3 characters (not shown)");
    assertThat(out.size()).isZero();
  }
}

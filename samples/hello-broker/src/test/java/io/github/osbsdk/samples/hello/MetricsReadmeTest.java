package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.health.HealthStatus;
import io.github.osbsdk.broker.iam.IamAuthenticator;
import io.github.osbsdk.broker.iam.IamConfig;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README's metrics snippet is a copy of {@link MetricsQuickStart}, which runs. */
class MetricsReadmeTest {
  @Test
  void readmeShowsTheCompiledMetricsSetup() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"));
    assertThat(readme).contains(ReadmeSnippets.region(
        Path.of("src/test/java/io/github/osbsdk/samples/hello/MetricsQuickStart.java"),
        "metrics"));
  }

  /**
   * The snippet's health check has its 800 ms deadline, and its IAM key check makes the first
   * key fetch of the process: class loading, the first HTTP exchange with the simulator. On a
   * loaded machine that alone took more than 800 ms (4 runs of 4 at load 15), so this test
   * makes one such fetch first, without a deadline, on an authenticator of its own: the
   * snippet's authenticator still fetches the keys itself, and must report them within the
   * default deadline.
   */
  @Test
  void metricsSetupReportsStoreAndIamKeys() {
    try (IamSimulator iam = IamSimulator.start()) {
      IamConfig config = IamConfig.builder().iamUrl(iam.baseUrl()).build();
      assertThat(IamAuthenticator.builder(config).allowedIdentities(Set.of("warm-up")).build()
          .keysHealth().check().status()).as("a first key fetch, as warm-up")
          .isEqualTo(HealthStatus.UP);

      var report = MetricsQuickStart.wire(new MyServiceBroker(), config);
      assertThat(report.status()).isEqualTo(HealthStatus.UP);
      assertThat(report.components()).containsOnlyKeys("store", "iam");
    }
  }
}

package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.health.HealthStatus;
import io.github.osbsdk.broker.iam.IamConfig;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void metricsSetupReportsStoreAndIamKeys() {
    try (IamSimulator iam = IamSimulator.start()) {
      var report = MetricsQuickStart.wire(new MyServiceBroker(),
          IamConfig.builder().iamUrl(iam.baseUrl()).build());
      assertThat(report.status()).isEqualTo(HealthStatus.UP);
      assertThat(report.components()).containsOnlyKeys("store", "iam");
    }
  }
}

package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.SuiteResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The SDK's conformance suite against the running sample, over real HTTP. */
class HelloBrokerConformanceTest {
  @Test
  void sampleBrokerPassesTheConformanceSuite() {
    try (HelloServer server = HelloServer.start(
        HelloConfig.local("platform", "s3cret", Duration.ofMillis(200)))) {
      SuiteResult result = ConformanceSuite.builder()
          .url(server.baseUri())
          .basicAuth("platform", "s3cret")
          .apiVersion("2.17")
          .capabilities(Capabilities.builder()
              .asyncOnlyPlans(HelloCatalog.ASYNC_PLAN_ID)
              .dashboardUrl(true)
              .build())
          .build()
          .run();
      System.out.println(result.summary());
      assertThat(result.failures()).as(result.report()).isEmpty();
      assertThat(result.passed()).isPositive();
    }
  }
}

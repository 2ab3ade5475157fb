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
              .update(true) // parameter updates (label) on every plan, also 'async'
              .concurrency(true) // the SDK's tracker refuses a mutation while 'async' provisions
              .build())
          .build()
          .run();
      System.out.println(result.summary());
      result.results().stream().filter(c -> c.isSkipped())
          .forEach(c -> System.out.println(c.describe()));
      assertThat(result.failures()).as(result.report()).isEmpty();
      assertThat(result.passed()).isPositive();
    }
  }
}

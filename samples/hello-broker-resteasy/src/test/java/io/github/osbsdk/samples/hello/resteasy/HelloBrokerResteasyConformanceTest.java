package io.github.osbsdk.samples.hello.resteasy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.SuiteResult;
import io.github.osbsdk.samples.hello.HelloCatalog;
import io.github.osbsdk.samples.hello.HelloConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The SDK's conformance suite against the sample on RESTEasy + Undertow. */
class HelloBrokerResteasyConformanceTest {
  @Test
  void sampleBrokerOnResteasyPassesTheConformanceSuite() {
    try (HelloResteasyServer server = HelloResteasyServer.start(
        HelloConfig.local("platform", "s3cret", Duration.ofMillis(200)))) {
      SuiteResult result = ConformanceSuite.builder()
          .url(server.baseUri())
          .basicAuth("platform", "s3cret")
          .apiVersion("2.17")
          .capabilities(Capabilities.builder()
              .asyncOnlyPlans(HelloCatalog.ASYNC_PLAN_ID)
              .dashboardUrl(true)
              .update(true)
              .concurrency(true)
              .build())
          .build()
          .run();
      System.out.println(result.summary());
      assertThat(result.failures()).as(result.report()).isEmpty();
      assertThat(result.passed()).isPositive();
    }
  }
}

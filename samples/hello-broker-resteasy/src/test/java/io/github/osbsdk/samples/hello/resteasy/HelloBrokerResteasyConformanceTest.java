package io.github.osbsdk.samples.hello.resteasy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.SuiteResult;
import io.github.osbsdk.samples.hello.HelloCatalog;
import io.github.osbsdk.samples.hello.HelloConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The conformance kit against hello-kv on RESTEasy + Undertow: no check may fail. */
class HelloBrokerResteasyConformanceTest {
  @Test
  void helloKvOnResteasyPassesTheConformanceSuite() {
    SuiteResult result;
    try (HelloResteasyServer server = HelloResteasyServer.start(
        HelloConfig.local("platform", "s3cret", Duration.ofMillis(200)))) {
      result = ConformanceSuite.builder()
          .url(server.baseUri())
          .basicAuth("platform", "s3cret")
          .capabilities(Capabilities.builder()
              .asyncOnlyPlans(HelloCatalog.ASYNC_PLAN_ID)
              .concurrency(true)
              .build())
          .maxPollInterval(Duration.ofMillis(200))
          .build().run();
    }
    System.out.println("hello-kv on RESTEasy: " + result.summary() + " in "
        + result.duration().toMillis() + " ms");
    assertThat(result.failed()).as(result::report).isZero();
    assertThat(result.passed()).isPositive();
  }
}

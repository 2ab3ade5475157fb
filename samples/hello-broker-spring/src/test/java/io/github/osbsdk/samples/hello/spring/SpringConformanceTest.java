package io.github.osbsdk.samples.hello.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.SuiteResult;
import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.reference.ContainerReferenceChecks;
import io.github.osbsdk.samples.hello.reference.SampleConformance;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The SDK's conformance suite against hello-kv on Spring Boot (Jersey on Tomcat). */
class SpringConformanceTest {
  @Test
  void sampleBrokerOnSpringBootPassesTheConformanceSuite() {
    try (HelloSpringServer server = HelloSpringServer.start(HelloConfig.local(
        ContainerReferenceChecks.USER, ContainerReferenceChecks.PASSWORD,
        Duration.ofMillis(200)))) {
      SuiteResult result = SampleConformance.run(server.baseUri());
      assertThat(result.failures()).as(result.report()).isEmpty();
      assertThat(result.passed()).isPositive();
    }
  }
}

package io.github.osbsdk.broker.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.testkit.CheckResult;
import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.SuiteResult;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fake broker, mounted on the SDK in-process, passes the conformance suite in both modes. */
class FakeServiceBrokerConformanceTest {

  @ParameterizedTest
  @EnumSource(AsyncMode.class)
  void fakeBrokerOnTheSdkPassesTheConformanceSuite(AsyncMode mode) {
    FakeServiceBroker fake = FakeServiceBroker.builder()
        .asyncPlan(SampleCatalog.ASYNC_PLAN_ID, mode)
        .asyncDuration(Duration.ofMillis(250))
        .build();
    Broker broker;
    try {
      broker = Broker.builder(fake)
          .authenticator(BasicAuthenticator.of("platform", "fake-secret")).build();
      broker.singletons();
    } catch (UnsupportedOperationException e) {
      Assumptions.abort("broker-core is not implemented in this branch yet: " + e.getMessage());
      return;
    }
    SuiteResult result = ConformanceSuite.builder()
        .inProcess(broker)
        .basicAuth("platform", "fake-secret")
        .parallelism(8)
        .capabilities(Capabilities.builder()
            .asyncOnlyPlans(SampleCatalog.ASYNC_PLAN_ID)
            .concurrency(true)
            .build())
        .asyncTimeout(Duration.ofSeconds(10))
        .maxPollInterval(Duration.ofMillis(100))
        .build().run();
    System.out.println("fake broker (" + mode + "): " + result.summary());
    result.results().stream().filter(CheckResult::isSkipped)
        .forEach(r -> System.out.println("  skipped " + r.name() + ": " + r.message()));
    assertThat(result.failed()).as(result::report).isZero();
    assertThat(result.passed()).isPositive();
  }
}

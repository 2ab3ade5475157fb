package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.testkit.support.ExampleServiceBroker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SuiteCleanupTest {
  @Test
  void aRunLeavesNoInstanceBehindAndPassesWithoutDeclaredCapabilities() {
    ExampleServiceBroker provider = new ExampleServiceBroker();
    Broker broker = Broker.builder(provider)
        .authenticator(BasicAuthenticator.of("broker", "s3cret"))
        .retryAfter(Duration.ofMillis(50)).build();

    SuiteResult result = ConformanceSuite.builder().inProcess(broker)
        .basicAuth("broker", "s3cret").parallelism(2)
        .maxPollInterval(Duration.ofMillis(50)).build().run();

    assertThat(result.failed()).as(result::report).isZero();
    assertThat(provider.instanceIds()).isEmpty();
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("provision.async-required"))
        .anySatisfy(r -> assertThat(r.isPassed()).isTrue());
  }
}

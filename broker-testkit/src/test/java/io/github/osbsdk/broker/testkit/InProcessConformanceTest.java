package io.github.osbsdk.broker.testkit;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.testkit.support.ExampleServiceBroker;
import java.time.Duration;

/** The suite, as a provider runs it: a correct broker in-process, one dynamic test per check. */
class InProcessConformanceTest extends AbstractConformanceTest {
  @Override
  protected ConformanceSuite suite() {
    Broker broker = Broker.builder(new ExampleServiceBroker())
        .authenticator(BasicAuthenticator.of("broker", "s3cret"))
        .retryAfter(Duration.ofMillis(100)).build();
    return ConformanceSuite.builder().inProcess(broker).basicAuth("broker", "s3cret")
        .capabilities(Capabilities.builder()
            .asyncOnlyPlans(ExampleServiceBroker.ASYNC_PLAN).concurrency(true).build())
        .maxPollInterval(Duration.ofMillis(100))
        .build();
  }
}

package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.testkit.AbstractConformanceTest;
import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The OSB 2.17 + IBM Cloud conformance kit against hello-kv on Jersey + Grizzly, over real HTTP:
 * one dynamic test per check, each must pass (or be skipped as not applicable).
 */
class HelloBrokerConformanceTest extends AbstractConformanceTest {
  private static HelloServer server;

  @BeforeAll
  static void start() {
    server = HelloServer.start(HelloConfig.local("platform", "s3cret", Duration.ofMillis(200)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Override
  protected ConformanceSuite suite() {
    return ConformanceSuite.builder()
        .url(server.baseUri())
        .basicAuth("platform", "s3cret")
        .capabilities(Capabilities.builder()
            .asyncOnlyPlans(HelloCatalog.ASYNC_PLAN_ID)
            .concurrency(true)
            .build())
        .maxPollInterval(Duration.ofMillis(200))
        .build();
  }
}

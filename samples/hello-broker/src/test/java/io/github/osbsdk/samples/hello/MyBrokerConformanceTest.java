package io.github.osbsdk.samples.hello;

// tag::conformance-imports[]
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.testkit.AbstractConformanceTest;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.Rule;
// end::conformance-imports[]

/**
 * The README's "conformance kit in your build" example, compiled and run: the quick start's
 * {@link MyServiceBroker} mounted in-process, one dynamic test per conformance check.
 */
// tag::conformance[]
class MyBrokerConformanceTest extends AbstractConformanceTest {
  @Override
  protected ConformanceSuite suite() {
    Broker broker = Broker.builder(new MyServiceBroker())
        .authenticator(BasicAuthenticator.of("broker", "secret"))
        .build();
    return ConformanceSuite.builder()
        .inProcess(broker)                 // or .url(URI.create("https://my-broker.example.com"))
        .basicAuth("broker", "secret")
        // .skip(Rule.CATALOG_ETAG)        // known failures: rules, or check names as text
        .build();
  }
}
// end::conformance[]

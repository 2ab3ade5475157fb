package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.testkit.support.ExampleServiceBroker;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  /**
   * A broker whose every provision runs in the background refuses a deprovision while the
   * provision runs (422 ConcurrencyError, as the spec allows): the kit's cleanup of an instance
   * whose 202 it did not wait for must wait for the provision and delete it then.
   */
  @Test
  void aRunLeavesNoInstanceBehindWhenProvisionsAreStillRunningAtCleanup() {
    AsyncOnlyBroker provider = new AsyncOnlyBroker();
    Broker broker = Broker.builder(provider)
        .authenticator(BasicAuthenticator.of("broker", "s3cret"))
        .retryAfter(Duration.ofMillis(50)).build();

    SuiteResult result = ConformanceSuite.builder().inProcess(broker)
        .basicAuth("broker", "s3cret").parallelism(2)
        .maxPollInterval(Duration.ofMillis(50)).build().run();

    assertThat(result.failed()).as(result::report).isZero();
    assertThat(provider.instances).as("instances left on the broker").isEmpty();
  }

  /** One non-bindable service whose only plan provisions and deprovisions in the background. */
  private static final class AsyncOnlyBroker implements ServiceBroker {
    final Set<String> instances = ConcurrentHashMap.newKeySet();

    @Override
    public Catalog catalog() {
      return Catalog.of(ServiceOffering.builder("svc-slow", "slow", "Slow to create")
          .bindable(false).instancesRetrievable(true)
          .plan(Plan.builder("plan-slow", "standard", "Standard").build()).build());
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      if (!request.acceptsIncomplete()) {
        throw ServiceBrokerException.asyncRequired();
      }
      instances.add(request.instanceId());
      return ProvisionResult.accepted(AsyncWork.task(() -> Thread.sleep(600)));
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      if (!request.acceptsIncomplete()) {
        throw ServiceBrokerException.asyncRequired();
      }
      return DeprovisionResult.accepted(AsyncWork.task(() -> {
        Thread.sleep(100);
        instances.remove(request.instanceId());
      }));
    }
  }
}

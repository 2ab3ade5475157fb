package io.github.osbsdk.broker.store.jdbc.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.testkit.requests.ProviderRequests;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The review's provider called directly, its requests built with the kit's
 * {@link ProviderRequests} (no record constructor: a component added in a minor release does not
 * break these tests).
 */
class QueueServiceBrokerUnitTest {
  private static final ServiceOffering SERVICE = QueueCatalog.CATALOG.services().get(0);
  private static final Plan SMALL = SERVICE.plan(QueueCatalog.SMALL).orElseThrow();
  private static final Plan LARGE = SERVICE.plan(QueueCatalog.LARGE).orElseThrow();
  private final QueueBackend backend = new QueueBackend();
  private final QueueServiceBroker provider = new QueueServiceBroker(backend);

  @Test
  void smallPlanProvisionCreatesTheQueueAtOnce() {
    ProvisionResult result = provider.provision(ProviderRequests.provision(SERVICE, SMALL)
        .instanceId("q-1").parameters(Map.of("partitions", 3)).build());

    assertThat(result).isInstanceOf(ProvisionResult.Created.class);
    assertThat(backend.queue("q-1").partitions()).isEqualTo(3);
  }

  @Test
  void smallPlanWithTooManyPartitionsIsABadRequest() {
    assertThatThrownBy(() -> provider.provision(ProviderRequests.provision(SERVICE, SMALL)
        .parameters(Map.of("partitions", 5)).build()))
        .isInstanceOfSatisfying(ServiceBrokerException.class,
            e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void updateRepeatingTheCurrentPlanRunsSynchronously() {
    backend.createQueue("q-2", 1);

    UpdateResult result = provider.update(ProviderRequests.update(SERVICE, LARGE)
        .instanceId("q-2").plan(LARGE).parameters(Map.of("partitions", 2)).build());

    assertThat(result).isInstanceOf(UpdateResult.Updated.class);
    assertThat(backend.queue("q-2").partitions()).isEqualTo(2);
  }

  @Test
  void updateToTheLargePlanRunsAsynchronously() {
    backend.createQueue("q-3", 1);

    UpdateResult result = provider.update(ProviderRequests.update(SERVICE, SMALL)
        .instanceId("q-3").plan(LARGE).build());

    assertThat(result).isInstanceOf(UpdateResult.Accepted.class);
  }

  @Test
  void bindOnTheSmallPlanAnswersTheKey() {
    backend.createQueue("q-4", 1);

    BindResult result = provider.bind(ProviderRequests.bind(SERVICE, SMALL).instanceId("q-4")
        .acceptsIncomplete(false).build());

    assertThat(result).isInstanceOfSatisfying(BindResult.Bound.class,
        b -> assertThat(b.credentials()).containsKeys("url", "api_key"));
  }
}

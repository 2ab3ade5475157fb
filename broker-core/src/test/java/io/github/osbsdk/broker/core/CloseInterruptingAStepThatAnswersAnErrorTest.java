package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.StepContext;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code Broker.close()} interrupts a resumable step still running after its grace, and says the
 * step's operation is then left to the replica that takes it over, not recorded as failed. A
 * step whose backend client turns the interrupt into the provider's usual error (a
 * {@link ServiceBrokerException}, as a step that maps every I/O failure does) must not end its
 * operation as failed either: run again by another replica, it would have succeeded.
 */
class CloseInterruptingAStepThatAnswersAnErrorTest {
  private static final Catalog PLANS = Catalog.of(ServiceOffering
      .builder(TestServiceBroker.SERVICE, "test-service", "A test service")
      .plan(Plan.builder("plan-step", "step", "A resumable step").build())
      .build());

  private final InMemoryBrokerStore shared = new InMemoryBrokerStore();
  private final CountDownLatch started = new CountDownLatch(1);

  private final TestServiceBroker provider = new TestServiceBroker() {
    @Override
    public Catalog catalog() {
      return PLANS;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      return ProvisionResult.accepted(AsyncWork.step("create", Map.of()));
    }
  };

  /** A step waiting for its backend; an interrupted wait is answered as a backend failure. */
  private void create(StepContext ctx) {
    started.countDown();
    try {
      Thread.sleep(60_000);
    } catch (InterruptedException e) {
      throw ServiceBrokerException.internalError("The backend call was cut off.");
    }
  }

  @Test
  void aStepThatAnswersTheCloseInterruptWithAnErrorIsLeftInProgressForTheTakeover()
      throws Exception {
    String id = id();
    String operation;
    try (TestServer s = new TestServer(builder(provider).store(shared)
        .step("create", this::create).build())) {
      Reply accepted = provision(s, id, "plan-step", "{}", true);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      operation = accepted.json().get("operation").asText();
      assertThat(started.await(30, TimeUnit.SECONDS)).as("the step started").isTrue();

      s.broker.close(); // the step still runs after the grace: interrupted
    }

    StoredOperation op = shared.findOperation(id, null, operation).orElseThrow();
    assertThat(op.status())
        .as("the step's operation after the close interrupted it (left to the replica that"
            + " takes it over, not recorded as failed): %s", op)
        .isEqualTo(OperationStatus.IN_PROGRESS);
  }
}

package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ResumableStep;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.StoredOperation;
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

  private final InMemoryBrokerStore shared = new InMemoryBrokerStore();
  private final HeldStepProvider provider = new HeldStepProvider();

  /** A step waiting for its backend; an interrupted wait is answered as a backend failure. */
  private final ResumableStep create = provider.held(ctx -> { }, e -> {
    throw ServiceBrokerException.internalError("The backend call was cut off.");
  });

  @Test
  void aStepThatAnswersTheCloseInterruptWithAnErrorIsLeftInProgressForTheTakeover()
      throws Exception {
    String id = id();
    String operation;
    try (TestServer s = new TestServer(builder(provider).store(shared)
        .step(HeldStepProvider.STEP, create).build())) {
      Reply accepted = provision(s, id, HeldStepProvider.PLAN, "{}", true);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      operation = accepted.json().get("operation").asText();
      assertThat(provider.started().await(30, TimeUnit.SECONDS)).as("the step started").isTrue();

      s.broker.close(); // the step still runs after the grace: interrupted
    }

    StoredOperation op = shared.findOperation(id, null, operation).orElseThrow();
    assertThat(op.status())
        .as("the step's operation after the close interrupted it (left to the replica that"
            + " takes it over, not recorded as failed): %s", op)
        .isEqualTo(OperationStatus.IN_PROGRESS);
  }
}

package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static io.github.osbsdk.broker.core.RegistryTest.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An asynchronous task succeeded while the store was down, so its end is held back and written
 * again with backoff (250 ms doubling up to 2 s). The store comes back and the broker is closed
 * before the next write is due, as a rolling deploy right after a database failover does. The
 * close must record the outcome it holds (or at least keep the lease of an operation whose end
 * it holds): giving that lease up drops the succeeded outcome, and the replica that takes the
 * operation over ends the task as failed ("stopped with its replica").
 */
class CloseWithAnEndHeldBackTest {
  /** The sync write, then the retries after 250, 500, 1000 and 2000 ms: the next is 2 s away. */
  private static final int FAILED_WRITES = 5;

  private final InMemoryBrokerStore shared = new InMemoryBrokerStore();
  private final AtomicInteger failedWrites = new AtomicInteger();

  /** {@code shared}, whose first {@link #FAILED_WRITES} finishes fail as an outage. */
  private BrokerStore downForTheFirstFinishes() {
    return StoreProxy.around(shared, (called, args, target) -> {
      if (called.getName().equals("finishOperation")
          && failedWrites.get() < FAILED_WRITES) {
        failedWrites.incrementAndGet();
        throw new StoreUnavailableException("the database is failing over", null);
      }
      return target.proceed(args);
    });
  }

  @Test
  void closeRightAfterTheStoreIsBackRecordsTheSucceededEndItHeldBack() {
    String id = id();
    String operation;
    try (TestServer s = new TestServer(builder(new TestServiceBroker())
        .store(downForTheFirstFinishes()).build())) {
      Reply accepted = provision(s, id, "plan-async", "{}", true);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      operation = accepted.json().get("operation").asText();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (failedWrites.get() < FAILED_WRITES && System.nanoTime() < deadline) {
        sleep(10);
      }
      assertThat(failedWrites.get()).as("failed writes of the end").isEqualTo(FAILED_WRITES);

      s.broker.close(); // the store is back; the next write of the end was 2 s away
    }

    StoredOperation op = shared.findOperation(id, null, operation).orElseThrow();
    assertThat(op.status())
        .as("the task's succeeded end after the close (in progress with its lease given up: "
            + "another replica takes it over and ends it as failed): %s", op)
        .isEqualTo(OperationStatus.SUCCEEDED);
  }
}

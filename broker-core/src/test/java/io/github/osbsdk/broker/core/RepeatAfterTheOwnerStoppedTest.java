package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static io.github.osbsdk.broker.core.RegistryTest.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A replica killed during a synchronous provision leaves the claim in progress under its lease.
 * The platform's retry on another replica once that lease has ended must be taken over at once,
 * as a poll of the operation is: it waited for the other replica's next maintenance round (up to
 * a third of a lease later, 37 s after a {@code kill -9} with the sample's 30 s lease), and every
 * retry until then was answered 422 {@code ConcurrencyError}.
 */
class RepeatAfterTheOwnerStoppedTest {
  private final InMemoryBrokerStore shared = new InMemoryBrokerStore();

  @Test
  void retryOfASyncProvisionWhoseReplicaStoppedIsAnsweredOnceItsLeaseEnded() throws Exception {
    CountDownLatch called = new CountDownLatch(1);
    CountDownLatch stuck = new CountDownLatch(1);
    TestServiceBroker stopping = new TestServiceBroker() {
      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        called.countDown();
        try {
          stuck.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.provision(request);
      }
    };
    // replica A renews no lease and takes nothing over: to the others it stopped (kill -9)
    BrokerStore stopped = StoreProxy.around(shared, (method, args, target) -> switch (
        method.getName()) {
      case "renewLeases" -> 0;
      case "takeOverExpired" -> List.of();
      default -> target.proceed(args);
    });
    ExecutorService platform = Executors.newSingleThreadExecutor();
    try (TestServer a = new TestServer(builder(stopping).store(stopped)
            .lease(Duration.ofSeconds(1)).build());
        TestServer b = new TestServer(builder(new TestServiceBroker()).store(shared).build())) {
      try {
        String id = id();
        platform.submit(() -> provision(a, id, "plan-sync", "{}", false));
        assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
        sleep(1500); // A's lease (1 s) has ended; B's rounds (30 s lease) are 10 s apart

        Reply retry = provision(b, id, "plan-sync", "{}", false);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
      } finally {
        stuck.countDown();
      }
    } finally {
      platform.shutdownNow();
    }
  }
}

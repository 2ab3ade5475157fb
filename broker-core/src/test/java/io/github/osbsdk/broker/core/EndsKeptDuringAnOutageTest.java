package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static io.github.osbsdk.broker.core.RegistryTest.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A synchronous provision answered 503 because the store failed while recording its end (a
 * connection cut mid-write, as {@code pg_terminate_backend} does) leaves its operation in
 * progress until the end is written. With the default lease (30 s) the maintenance round that
 * wrote it came every 10 s, so a retry a second later, as a platform sends it, waited for it
 * and was answered 422 {@code ConcurrencyError} instead of what a first request gets.
 */
class EndsKeptDuringAnOutageTest {
  private final InMemoryBrokerStore shared = new InMemoryBrokerStore();

  @Test
  void retryOfASyncProvisionWhoseEndWasCutOffIsAnsweredAsAFirstRequest() {
    AtomicInteger finishes = new AtomicInteger();
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("finishOperation") && finishes.incrementAndGet() == 1) {
        throw new StoreUnavailableException("a connection cut while writing", null);
      }
      return target.proceed(args);
    });
    // the default lease: the rounds of the maintenance loop are 10 s apart
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).store(store).build())) {
      String id = id();
      Reply unavailable = provision(s, id, "plan-sync", "{}", false);
      assertThat(unavailable.status()).as(unavailable.toString()).isEqualTo(503);

      sleep(1000);
      Reply retry = provision(s, id, "plan-sync", "{}", false);
      assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
      assertThat(shared.findInstance(id).orElseThrow().status())
          .isEqualTo(InstanceStatus.READY);
    }
  }

  @Test
  void retryOfASyncProvisionWhoseClaimAnswerWasLostIsAnsweredAsAFirstRequest() {
    AtomicInteger claims = new AtomicInteger();
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("claimInstance") && claims.incrementAndGet() == 1) {
        target.proceed(args); // written, but the answer is lost with the connection
        throw new StoreUnavailableException("a connection cut after the commit", null);
      }
      return target.proceed(args);
    });
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).store(store).build())) {
      String id = id();
      Reply unavailable = provision(s, id, "plan-sync", "{}", false);
      assertThat(unavailable.status()).as(unavailable.toString()).isEqualTo(503);

      sleep(1000);
      Reply retry = provision(s, id, "plan-sync", "{}", false);
      assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
    }
  }
}

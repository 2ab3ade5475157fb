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

  /**
   * {@code shared} with a connection cut during its first call of {@code method}: before the
   * write, or, when {@code written}, after the commit, so that the answer is lost.
   */
  private BrokerStore cutOnFirst(String method, boolean written, String message) {
    AtomicInteger calls = new AtomicInteger();
    return StoreProxy.around(shared, (called, args, target) -> {
      if (called.getName().equals(method) && calls.incrementAndGet() == 1) {
        if (written) {
          target.proceed(args); // written, but the answer is lost with the connection
        }
        throw new StoreUnavailableException(message, null);
      }
      return target.proceed(args);
    });
  }

  /**
   * Provisions a new instance through {@code s}, answered 503, and retries it a second later, as
   * a platform does: the retry gets what a first request gets (201).
   *
   * @return the instance id
   */
  private static String provisionedByARetryASecondAfterA503(TestServer s) {
    String id = id();
    Reply unavailable = provision(s, id, "plan-sync", "{}", false);
    assertThat(unavailable.status()).as(unavailable.toString()).isEqualTo(503);

    sleep(1000);
    Reply retry = provision(s, id, "plan-sync", "{}", false);
    assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
    return id;
  }

  @Test
  void retryOfASyncProvisionWhoseEndWasCutOffIsAnsweredAsAFirstRequest() {
    BrokerStore store = cutOnFirst("finishOperation", false, "a connection cut while writing");
    // the default lease: the rounds of the maintenance loop are 10 s apart
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).store(store).build())) {
      String id = provisionedByARetryASecondAfterA503(s);
      assertThat(shared.findInstance(id).orElseThrow().status())
          .isEqualTo(InstanceStatus.READY);
    }
  }

  @Test
  void retryOfASyncProvisionWhoseClaimAnswerWasLostIsAnsweredAsAFirstRequest() {
    BrokerStore store = cutOnFirst("claimInstance", true, "a connection cut after the commit");
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).store(store).build())) {
      provisionedByARetryASecondAfterA503(s);
    }
  }
}

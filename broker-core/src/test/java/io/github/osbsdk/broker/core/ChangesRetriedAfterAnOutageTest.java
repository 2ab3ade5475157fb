package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.bind;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static io.github.osbsdk.broker.core.RegistryTest.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * A synchronous deprovision, update or unbind answered 503 because the store was down while its
 * end was written keeps its operation in progress until the end is written: the pending write
 * is tried 250 ms after the outage, then with doubling backoff. A platform's retry sent as the
 * store comes back, between two of those writes, was answered 422 {@code ConcurrencyError} at
 * once (a provision or bind waits a few seconds for a synchronous repeat), instead of what a
 * first request or a repeat gets. Another request running on the same instance is still refused
 * at once.
 */
class ChangesRetriedAfterAnOutageTest {
  private static final String QUERY = "?service_id=svc-1&plan_id=plan-sync";

  private final InMemoryBrokerStore shared = new InMemoryBrokerStore();
  /** While set, the store refuses to write the end of an operation, as a database that is down. */
  private final AtomicBoolean down = new AtomicBoolean();
  private final BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
    if (method.getName().equals("finishOperation") && down.get()) {
      throw new StoreUnavailableException("the database is down", null);
    }
    return target.proceed(args);
  });

  /**
   * Ends the outage between two pending writes (tried 250 ms and 750 ms after the 503, next at
   * 1750 ms), so the retry finds the first attempt's operation still in progress.
   */
  private void outageEndsBetweenTwoPendingWrites() {
    sleep(1200);
    down.set(false);
  }

  /** A new instance of the synchronous plan, provisioned through {@code s}. */
  private static String provisioned(TestServer s) {
    String id = id();
    assertThat(provision(s, id, "plan-sync", "{}", false).status()).isEqualTo(201);
    return id;
  }

  /**
   * Sends {@code request} while the store is down, so that the end of its operation is cut off
   * (503), then ends the outage between two pending writes.
   */
  private void cutOffByAnOutage(TestServer.Call request) {
    down.set(true);
    Reply unavailable = request.send();
    assertThat(unavailable.status()).as(unavailable.toString()).isEqualTo(503);
    outageEndsBetweenTwoPendingWrites();
  }

  @Test
  void retryOfASyncDeprovisionWhoseEndWasCutOffIsAnsweredAsARepeat() {
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).store(store).build())) {
      String id = provisioned(s);
      TestServer.Call delete = s.call("DELETE", "/v2/service_instances/" + id + QUERY);
      cutOffByAnOutage(delete);

      Reply retry = delete.send();
      // the provider deleted it and the end is written: what a repeat of a delete gets
      assertThat(retry.status()).as(retry.toString()).isEqualTo(410);
      assertThat(shared.findInstance(id)).isEmpty();
    }
  }

  @Test
  void retryOfASyncDeprovisionOnAnotherReplicaWaitsForTheEndHeldBack() {
    try (TestServer a = new TestServer(builder(new TestServiceBroker()).store(store).build());
        TestServer b = new TestServer(builder(new TestServiceBroker()).store(store).build())) {
      String id = provisioned(a);
      cutOffByAnOutage(a.call("DELETE", "/v2/service_instances/" + id + QUERY));

      // B cannot write A's end: it waits for A's next write, 1750 ms after the 503
      Reply retry = b.call("DELETE", "/v2/service_instances/" + id + QUERY).send();
      assertThat(retry.status()).as(retry.toString()).isEqualTo(410);
      assertThat(shared.findInstance(id)).isEmpty();
    }
  }

  @Test
  void retryOfASyncUpdateWhoseEndWasCutOffIsAnsweredAsAFirstRequest() {
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).store(store).build())) {
      String id = provisioned(s);
      TestServer.Call update = s.call("PATCH", "/v2/service_instances/" + id)
          .json("{\"service_id\":\"svc-1\",\"parameters\":{\"size\":2}}");
      cutOffByAnOutage(update);

      Reply retry = update.send();
      assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
      assertThat(shared.findInstance(id).orElseThrow().status())
          .isEqualTo(InstanceStatus.READY);
    }
  }

  @Test
  void retryOfASyncUnbindWhoseEndWasCutOffIsAnsweredAsARepeat() {
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).store(store).build())) {
      String id = provisioned(s);
      String bindingId = id();
      assertThat(bind(s, id, bindingId, "{}").status()).isEqualTo(201);
      TestServer.Call unbind = s.call("DELETE",
          "/v2/service_instances/" + id + "/service_bindings/" + bindingId + QUERY);
      cutOffByAnOutage(unbind);

      Reply retry = unbind.send();
      assertThat(retry.status()).as(retry.toString()).isEqualTo(410);
      assertThat(shared.findBinding(id, bindingId)).isEmpty();
    }
  }

  /**
   * Provisions an instance on a replica whose provider holds the update {@code json} sent to it,
   * runs {@code whileHeld} with the replica and the instance id, and checks that the update was
   * still held then and is answered 200 once let go. The repeat wait is longer than the update:
   * a request that waited for it would begin once it ended.
   */
  private void whileAnUpdateIsHeld(String json, BiConsumer<TestServer, String> whileHeld)
      throws Exception {
    CountDownLatch updateCalled = new CountDownLatch(1);
    CountDownLatch updateMayEnd = new CountDownLatch(1);
    TestServiceBroker slow = slowUpdates(updateCalled, updateMayEnd);
    ExecutorService platform = Executors.newSingleThreadExecutor();
    try (TestServer s = new TestServer(builder(slow).store(store)
        .repeatWait(Duration.ofSeconds(30)).build())) {
      String id = provisioned(s);
      Future<Reply> update = platform.submit(() -> s.call("PATCH", "/v2/service_instances/" + id)
          .json(json).send());
      assertThat(updateCalled.await(10, TimeUnit.SECONDS)).isTrue();

      whileHeld.accept(s, id);
      assertThat(update).isNotDone();
      updateMayEnd.countDown();
      assertThat(update.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    } finally {
      updateMayEnd.countDown();
      platform.shutdownNow();
    }
  }

  @Test
  void deprovisionWhileAnUpdateRunsIsRefusedWithoutWaitingForIt() throws Exception {
    whileAnUpdateIsHeld("{\"service_id\":\"svc-1\",\"parameters\":{}}", (s, id) -> {
      Reply refused = s.call("DELETE", "/v2/service_instances/" + id + QUERY).send();
      assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
      assertThat(refused.json().get("error").asText()).isEqualTo("ConcurrencyError");
    });
  }

  @Test
  void syncUpdateWhileAnotherSyncUpdateRunsIsRefusedWithoutWaitingForIt() throws Exception {
    whileAnUpdateIsHeld("{\"service_id\":\"svc-1\",\"parameters\":{\"size\":1}}", (s, id) -> {
      Reply refused = s.call("PATCH", "/v2/service_instances/" + id)
          .json("{\"service_id\":\"svc-1\",\"parameters\":{\"size\":2}}").send();
      assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    });
  }

  /** A broker whose updates wait for {@code mayEnd} once {@code called} is counted down. */
  private static TestServiceBroker slowUpdates(CountDownLatch called, CountDownLatch mayEnd) {
    return new TestServiceBroker() {
      @Override
      public UpdateResult update(UpdateRequest request) {
        called.countDown();
        try {
          mayEnd.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.update(request);
      }
    };
  }
}

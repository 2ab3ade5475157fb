package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code last_operation} without an operation id answers the newest operation of an instance,
 * on PostgreSQL as in memory, even when the clock the operations are timed with stepped back
 * between two of them (an NTP correction on the database server, which the replicas follow; or
 * two replicas, one a little behind). Before, PostgreSQL picked the operation with the latest
 * recorded start time, so after such a step a poll of a running update got the provision that
 * had finished before it: "succeeded", and the platform took the update as done. The step is
 * modelled by moving the store's shared clock back 10 s.
 */
class LatestOperationAfterAClockStepTest {
  private static final Duration STEP_BACK = Duration.ofSeconds(10);
  private final Provider provider = new Provider();
  private final AtomicReference<Duration> behind = new AtomicReference<>(Duration.ZERO);
  /** How often the replica read the store's shared clock. */
  private final AtomicInteger readings = new AtomicInteger();
  private ReplicaServer replica;

  @AfterEach
  void stop() {
    provider.release.countDown();
    if (replica != null) {
      replica.close();
    }
  }

  @Test
  void inMemoryThePollAfterAClockStepAnswersTheRunningUpdate() throws InterruptedException {
    replica = ReplicaServer.start(Broker.builder(provider)
        .authenticator(BasicAuthenticator.of(ReplicaServer.USER, ReplicaServer.PASSWORD))
        .store(stepping(new InMemoryBrokerStore())).lease(ReplicaServer.LEASE));
    pollAfterAClockStepAnswersTheRunningUpdate();
  }

  @Test
  void onPostgresThePollAfterAClockStepAnswersTheRunningUpdate() throws InterruptedException {
    replica = ReplicaServer.onTestDatabase("step-back", pool -> ReplicaServer.replica(provider,
        pool).store(stepping(PostgresBrokerStore.builder(pool).build())));
    pollAfterAClockStepAnswersTheRunningUpdate();
  }

  private void pollAfterAClockStepAnswersTheRunningUpdate() throws InterruptedException {
    String id = UUID.randomUUID().toString();
    assertThat(replica.provision(id, "async", true).status()).isEqualTo(202);
    Reply provisioned = replica.awaitFinished(id, null, Await.PATIENCE);
    assertThat(provisioned.json().path("state").asText()).isEqualTo("succeeded");
    behind.set(STEP_BACK);
    // the replica measures the clock in each maintenance round, one after the other: once it
    // read the clock twice since the step, it has taken the first of those readings on
    int before = readings.get();
    Await.until(() -> readings.get() >= before + 2, "two measurements of the stepped clock");
    Reply accepted = replica.send("PATCH", "/v2/service_instances/" + id
        + "?accepts_incomplete=true", "{\"service_id\":\"" + CountingProvider.SERVICE
        + "\",\"parameters\":{\"size\":4}}");
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    Reply polled = replica.lastOperation(id, null);
    assertThat(polled.status()).as(polled.toString()).isEqualTo(200);
    assertThat(polled.json().path("state").asText()).as(polled.toString())
        .isEqualTo("in progress");
    provider.release.countDown();
    Reply done = replica.awaitFinished(id, null, Await.PATIENCE);
    assertThat(done.json().path("state").asText()).as(done.toString()).isEqualTo("succeeded");
  }

  /**
   * The store, its shared clock (the database server's, else this JVM's) {@link #behind}: the
   * replica follows that clock from its next measurement on.
   */
  private BrokerStore stepping(BrokerStore store) {
    return StoreProxy.around(store, (method, args, target) -> {
      if (method.getName().equals("sharedTime")) {
        readings.incrementAndGet();
        return Optional.of(store.sharedTime().orElseGet(Instant::now).minus(behind.get()));
      }
      return target.proceed(args);
    });
  }

  /** Provisions asynchronously at once; updates asynchronously, once {@link #release}d. */
  private static final class Provider implements ServiceBroker {
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public Catalog catalog() {
      return CountingProvider.CATALOG;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      return ProvisionResult.accepted(AsyncWork.task(() -> { }));
    }

    @Override
    public UpdateResult update(UpdateRequest request) {
      return UpdateResult.accepted(AsyncWork.task(() -> {
        release.await(20, TimeUnit.SECONDS);
      }));
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      return DeprovisionResult.deleted();
    }

    @Override
    public BindResult bind(BindRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      throw new UnsupportedOperationException();
    }
  }
}

package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An update is checked against the instance's stored plan, then begun. When another replica
 * changes the plan in between (to one that is not {@code plan_updateable}), the check no longer
 * holds: the update must not go on to change the plan the catalog says cannot change.
 */
class UpdateAgainstAPlanChangedMeanwhileTest {
  private static final String SERVICE = "svc-plans";
  private static final Catalog CATALOG = Catalog.of(ServiceOffering
      .builder(SERVICE, "plans", "Plans that may or may not change").planUpdateable(true)
      .plan(Plan.builder("small", "small", "Can change").build())
      .plan(Plan.builder("fixed", "fixed", "Cannot change").planUpdateable(false).build())
      .plan(Plan.builder("large", "large", "Can change").build())
      .build());

  /** Records the plan changes it is asked for. */
  private static final class Provider implements ServiceBroker {
    final List<String> updates = new CopyOnWriteArrayList<>();

    @Override
    public Catalog catalog() {
      return CATALOG;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      return ProvisionResult.created();
    }

    @Override
    public UpdateResult update(UpdateRequest request) {
      updates.add(request.instance().planId() + "->" + request.plan().id());
      return UpdateResult.updated();
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      return DeprovisionResult.deleted();
    }
  }

  private final Provider provider = new Provider();
  private final CountDownLatch atBegin = new CountDownLatch(1);
  private final CountDownLatch goOn = new CountDownLatch(1);
  private final AtomicBoolean holdNextUpdate = new AtomicBoolean();
  private ReplicaServer a;
  private ReplicaServer b;

  @BeforeEach
  void start() {
    a = ReplicaServer.onTestDatabase("plan-a", pool -> ReplicaServer.replica(provider, pool));
    b = ReplicaServer.onTestDatabase("plan-b", pool -> ReplicaServer.replica(provider, pool)
        .store(held(PostgresBrokerStore.builder(pool).build())));
  }

  /** B's store: its next update waits before it begins, until the test lets it go on. */
  private BrokerStore held(BrokerStore store) {
    return StoreProxy.around(store, (method, args, target) -> {
      if (method.getName().equals("beginOperation")
          && ((StoredOperation) args[0]).type() == OperationType.UPDATE
          && holdNextUpdate.compareAndSet(true, false)) {
        atBegin.countDown();
        assertThat(goOn.await(20, TimeUnit.SECONDS)).isTrue();
      }
      return target.proceed(args);
    });
  }

  @AfterEach
  void stop() {
    goOn.countDown();
    a.close();
    b.close();
  }

  private static String body(String plan) {
    return "{\"service_id\":\"" + SERVICE + "\",\"plan_id\":\"" + plan + "\"}";
  }

  @Test
  void updateCheckedAgainstAPlanChangedBeforeItBeganDoesNotChangeAFixedPlan() throws Exception {
    String id = UUID.randomUUID().toString();
    String path = "/v2/service_instances/" + id;
    Reply created = a.send("PUT", path, "{\"service_id\":\"" + SERVICE + "\",\"plan_id\":"
        + "\"small\",\"context\":{\"platform\":\"ibmcloud\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    holdNextUpdate.set(true);
    CompletableFuture<Reply> toLarge = CompletableFuture.supplyAsync(
        () -> b.send("PATCH", path, body("large")));
    assertThat(atBegin.await(30, TimeUnit.SECONDS)).isTrue(); // checked: small may change
    Reply toFixed = a.send("PATCH", path, body("fixed"));
    assertThat(toFixed.status()).as(toFixed.toString()).isEqualTo(200);
    goOn.countDown();
    Reply r = toLarge.get(20, TimeUnit.SECONDS);
    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(provider.updates).containsExactly("small->fixed");
    // the platform's retry is checked against the plan the instance has now
    Reply retry = b.send("PATCH", path, body("large"));
    assertThat(retry.status()).as(retry.toString()).isEqualTo(422);
    assertThat(retry.body()).contains("not updateable");
  }
}

package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Over real HTTP, on a store a subclass chooses: a create (provision or bind) whose provider call
 * failed leaves a failed row (PROVISION_FAILED / BIND_FAILED) for the platform's orphan
 * mitigation. Its identical retry claims that row and is answered asynchronously; however the
 * retry's operation then ends without success (its work refuses with a 4xx or fails, the executor
 * refuses the work, another replica takes the operation over and ends it), the row stays failed,
 * with what the first request recorded (identical by the claim's fingerprint: plan, parameters,
 * bind resource), and the platform's delete reaches the provider with it instead of a 410.
 */
public abstract class AsyncRetryOfAFailedCreateContract {
  private static final String SERVICE = "svc-async-retry";
  private static final Catalog CATALOG = Catalog.of(ServiceOffering
      .builder(SERVICE, "async-retry", "Creates whose retries end without success")
      .bindable(true).bindingsRetrievable(true)
      .plan(Plan.builder("plan-a", "a", "The only plan").build())
      .build());
  private static final String QUERY = "?service_id=" + SERVICE + "&plan_id=plan-a";
  private static final String PROVISION = "{\"service_id\":\"" + SERVICE + "\",\"plan_id\":"
      + "\"plan-a\",\"context\":{\"platform\":\"cloudfoundry\"},\"parameters\":{\"size\":3}}";
  private static final String BIND = "{\"service_id\":\"" + SERVICE + "\",\"plan_id\":"
      + "\"plan-a\",\"bind_resource\":{\"app_guid\":\"app-1\"},\"parameters\":{\"role\":\"r\"}}";

  /**
   * A broker builder on the store under test, for {@code provider}; the contract adds basic
   * authentication. Each call for one test must build on the same registry: two brokers built
   * from it are two replicas.
   *
   * @param provider the provider
   * @return the builder
   */
  protected abstract Broker.Builder builder(ServiceBroker provider);

  /**
   * The store under test as the contract's brokers must use it: the contract can make it lose
   * the next success it is asked to record (as if the database were down for it).
   *
   * @param store the store under test
   * @return the store the broker is given
   */
  protected final BrokerStore withOutages(BrokerStore store) {
    return StoreProxy.around(store, (method, args, target) -> {
      if (method.getName().equals("finishOperation")
          && ((Finish) args[0]).status() == OperationStatus.SUCCEEDED
          && loseNextSuccess.getAndSet(false)) {
        throw new StoreUnavailableException("database down", null);
      }
      return target.proceed(args);
    });
  }

  /** Called once the test's brokers are closed, to close what {@link #builder} opened. */
  protected void afterBrokersClosed() {
    // nothing by default
  }

  /** How the retry's asynchronous operation ends. */
  enum Ending {
    /** Its work throws a {@link ServiceBrokerException} with a 4xx status. */
    WORK_REFUSES,
    /** Its work throws anything else. */
    WORK_FAILS,
    /** The executor refuses its work (the retry is answered 503). */
    EXECUTOR_REFUSES,
    /** Its replica stops; another one takes it over and ends it as failed. */
    TAKEN_OVER
  }

  /**
   * Fails every synchronous create (but the provision of size 1) after "writing" it (outcome
   * unknown); answers every asynchronous one with work that ends as {@link #ending} says.
   * Records the deletes.
   */
  private static final class Provider implements ServiceBroker {
    final CountDownLatch release = new CountDownLatch(1);
    final List<DeprovisionRequest> deprovisions = new CopyOnWriteArrayList<>();
    final List<UnbindRequest> unbinds = new CopyOnWriteArrayList<>();
    /** Whether the next provision creates the instance, with a dashboard and metadata. */
    final AtomicBoolean createNext = new AtomicBoolean();
    volatile Ending ending;

    @Override
    public Catalog catalog() {
      return CATALOG;
    }

    /** Work that ends as {@link #ending} says, for a create that may be asynchronous. */
    private AsyncWork work(boolean acceptsIncomplete) {
      if (!acceptsIncomplete) {
        throw new IllegalStateException("timed out; the backend may have made it");
      }
      return AsyncWork.task(() -> {
        switch (ending) {
          case WORK_REFUSES -> throw ServiceBrokerException.unprocessable("The quota is used up.");
          case TAKEN_OVER -> release.await(30, TimeUnit.SECONDS);
          default -> throw new IllegalStateException("the backend failed");
        }
      });
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      if (createNext.getAndSet(false)) {
        return new ProvisionResult.Created(DASHBOARD, METADATA);
      }
      if (Integer.valueOf(1).equals(request.parameters().get("size"))) {
        return ProvisionResult.created(); // the instance the binds are made on
      }
      return ProvisionResult.accepted(work(request.acceptsIncomplete()));
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      deprovisions.add(request);
      return DeprovisionResult.deleted();
    }

    @Override
    public BindResult bind(BindRequest request) {
      return BindResult.accepted(work(request.acceptsIncomplete()));
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      unbinds.add(request);
      return UnbindResult.unbound();
    }
  }

  private static final String DASHBOARD = "https://dashboard.example/first";
  private static final InstanceMetadata METADATA =
      new InstanceMetadata(Map.of("tier", "gold"), null);

  private final Provider provider = new Provider();
  private final AtomicBoolean loseNextSuccess = new AtomicBoolean();
  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
  private final ExecutorService refusing = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() throws Exception {
    provider.release.countDown();
    for (AutoCloseable c : closing) {
      c.close();
    }
    refusing.shutdownNow();
    afterBrokersClosed();
  }

  /** A replica for a test whose retries end as {@code ending} says. */
  private TestServer replica(Ending ending) {
    provider.ending = ending;
    Broker.Builder b = builder(provider)
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD));
    if (ending == Ending.EXECUTOR_REFUSES) {
      refusing.shutdown(); // refuses every task from now on
      b.executor(refusing);
    }
    TestServer server = new TestServer(b.build());
    closing.add(0, server);
    return server;
  }

  /**
   * Ends the retry's operation as {@code ending} says, once the retry was answered.
   *
   * @return the replica that serves the platform's delete
   */
  private TestServer end(Ending ending, TestServer first, Predicate<BrokerStore> ended)
      throws InterruptedException {
    TestServer now = first;
    if (ending == Ending.TAKEN_OVER) {
      closing.remove(first);
      first.close(); // gives its leases up: the next replica takes the operation over at once
      now = replica(ending);
      now.broker.maintainOperations();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    BrokerStore store = now.broker.store();
    while (!ended.test(store) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(ended.test(store)).as("the retry's operation ended").isTrue();
    return now;
  }

  private static void retried(Ending ending, Reply retry) {
    assertThat(retry.status()).as(retry.toString())
        .isEqualTo(ending == Ending.EXECUTOR_REFUSES ? 503 : 202);
  }

  @ParameterizedTest
  @EnumSource(Ending.class)
  void anAsyncRetryOfAFailedProvisionThatEndsWithoutSuccessKeepsTheInstanceForTheDeprovision(
      Ending ending) throws InterruptedException {
    TestServer a = replica(ending);
    String id = UUID.randomUUID().toString();
    String path = "/v2/service_instances/" + id;
    assertThat(a.call("PUT", path).json(PROVISION).send().status()).isEqualTo(500);
    BrokerStore store = a.broker.store();
    assertThat(store.findInstance(id)).get().extracting(i -> i.status())
        .isEqualTo(InstanceStatus.PROVISION_FAILED);
    retried(ending, a.call("PUT", path + "?accepts_incomplete=true").json(PROVISION).send());

    TestServer b = end(ending, a, s -> s.runningOperation(id).isEmpty());
    store = b.broker.store();

    assertThat(store.findInstance(id)).get().extracting(i -> i.status())
        .isEqualTo(InstanceStatus.PROVISION_FAILED);
    Reply deleted = b.call("DELETE", path + QUERY).send();
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    assertThat(provider.deprovisions).singleElement().satisfies(d -> {
      assertThat(d.instance().planId()).isEqualTo("plan-a");
      assertThat(d.instance().parameters()).isEqualTo(Map.of("size", 3));
    });
  }

  @ParameterizedTest
  @EnumSource(Ending.class)
  void anAsyncRetryOfAFailedBindThatEndsWithoutSuccessKeepsTheBindingForTheUnbind(
      Ending ending) throws InterruptedException {
    TestServer a = replica(ending);
    String id = UUID.randomUUID().toString();
    String path = "/v2/service_instances/" + id + "/service_bindings/b1";
    StoredBinding first = failedBinding(a, id, path);
    retried(ending, a.call("PUT", path + "?accepts_incomplete=true").json(BIND).send());

    TestServer b = end(ending, a, s -> s.findBinding(id, "b1")
        .filter(x -> x.status() != BindingStatus.BINDING).isPresent());

    keptTheFirstBinding(b, path, id, first);
  }

  @Test
  void aSyncRetryOfAFailedBindThatFailsKeepsTheFirstBindingForTheUnbind()
      throws InterruptedException {
    TestServer a = replica(Ending.WORK_FAILS);
    String id = UUID.randomUUID().toString();
    String path = "/v2/service_instances/" + id + "/service_bindings/b1";
    StoredBinding first = failedBinding(a, id, path);
    assertThat(a.call("PUT", path).json(BIND).send().status()).isEqualTo(500);
    keptTheFirstBinding(a, path, id, first);
  }

  /**
   * Binds {@code path} (binding b1) on a new instance {@code id}; the provider fails the bind
   * (500), and the store keeps a failed binding.
   *
   * @return the failed binding
   */
  private static StoredBinding failedBinding(TestServer a, String id, String path)
      throws InterruptedException {
    assertThat(a.call("PUT", "/v2/service_instances/" + id)
        .json(PROVISION.replace("\"size\":3", "\"size\":1")).send().status()).isEqualTo(201);
    assertThat(a.call("PUT", path).json(BIND).send().status()).isEqualTo(500);
    StoredBinding first = a.broker.store().findBinding(id, "b1").orElseThrow();
    assertThat(first.status()).isEqualTo(BindingStatus.BIND_FAILED);
    Thread.sleep(5); // the retry's claim is later
    return first;
  }

  /** The failed binding after the retry is the first call's, and the unbind gets it. */
  private void keptTheFirstBinding(TestServer b, String path, String id, StoredBinding first) {
    StoredBinding failed = b.broker.store().findBinding(id, "b1").orElseThrow();
    assertThat(failed.status()).isEqualTo(BindingStatus.BIND_FAILED);
    assertThat(failed.createdAt()).isEqualTo(first.createdAt());
    Reply deleted = b.call("DELETE", path + QUERY).send();
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    assertThat(provider.unbinds).singleElement().satisfies(u -> {
      assertThat(u.binding().createdAt()).isEqualTo(first.createdAt());
      assertThat(u.binding().parameters()).isEqualTo(Map.of("role", "r"));
      assertThat(u.binding().bindResource().properties()).isEqualTo(Map.of("app_guid", "app-1"));
      assertThat(u.binding().appGuid()).isEqualTo("app-1");
    });
  }

  /**
   * A provision the provider created but whose success the store could not record (503): its
   * failed row keeps the provider's dashboard URL and metadata.
   *
   * @return the failed row
   */
  private StoredInstance createdButNotRecorded(TestServer a, String path, String id)
      throws InterruptedException {
    provider.createNext.set(true);
    loseNextSuccess.set(true);
    Reply lost = a.call("PUT", path).json(PROVISION).send();
    assertThat(lost.status()).as(lost.toString()).isEqualTo(503);
    BrokerStore store = a.broker.store();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (store.findInstance(id).orElseThrow().status() != InstanceStatus.PROVISION_FAILED
        && System.nanoTime() < deadline) {
      a.broker.maintainOperations(); // writes the success as a failure once the store is back
      Thread.sleep(20);
    }
    StoredInstance failed = store.findInstance(id).orElseThrow();
    assertThat(failed.status()).isEqualTo(InstanceStatus.PROVISION_FAILED);
    assertThat(failed.dashboardUrl()).isEqualTo(DASHBOARD);
    assertThat(failed.metadata()).contains("gold");
    return failed;
  }

  /** The failed row after the retry still has what the first provision recorded. */
  private void keptWhatTheFirstCallRecorded(TestServer b, String path, String id,
      StoredInstance first) {
    StoredInstance failed = b.broker.store().findInstance(id).orElseThrow();
    assertThat(failed.status()).isEqualTo(InstanceStatus.PROVISION_FAILED);
    assertThat(failed.dashboardUrl()).isEqualTo(DASHBOARD);
    assertThat(failed.metadata()).isEqualTo(first.metadata());
    assertThat(failed.createdAt()).isEqualTo(first.createdAt());
    Reply deleted = b.call("DELETE", path + QUERY).send();
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    assertThat(provider.deprovisions).singleElement().satisfies(d -> {
      assertThat(d.instance().dashboardUrl()).isEqualTo(DASHBOARD);
      assertThat(d.instance().createdAt()).isEqualTo(first.createdAt());
    });
  }

  @ParameterizedTest
  @EnumSource(Ending.class)
  void anAsyncRetryThatEndsWithoutSuccessKeepsTheDashboardOfAProvisionTheStoreLost(
      Ending ending) throws InterruptedException {
    TestServer a = replica(ending);
    String id = UUID.randomUUID().toString();
    String path = "/v2/service_instances/" + id;
    StoredInstance first = createdButNotRecorded(a, path, id);
    retried(ending, a.call("PUT", path + "?accepts_incomplete=true").json(PROVISION).send());

    TestServer b = end(ending, a, s -> s.runningOperation(id).isEmpty());

    keptWhatTheFirstCallRecorded(b, path, id, first);
  }

  @Test
  void aSyncRetryThatFailsKeepsTheDashboardOfAProvisionTheStoreLost()
      throws InterruptedException {
    TestServer a = replica(Ending.WORK_FAILS);
    String id = UUID.randomUUID().toString();
    String path = "/v2/service_instances/" + id;
    StoredInstance first = createdButNotRecorded(a, path, id);
    Reply retry = a.call("PUT", path).json(PROVISION).send();
    assertThat(retry.status()).as(retry.toString()).isEqualTo(500);

    keptWhatTheFirstCallRecorded(a, path, id, first);
  }
}

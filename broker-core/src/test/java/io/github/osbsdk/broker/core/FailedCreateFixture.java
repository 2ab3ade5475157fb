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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;

/**
 * The set-up of {@link FailedCreateRecordsContract} and {@link AsyncRetryOfAFailedCreateContract},
 * whose tests check, over real HTTP on a store a subclass chooses, what the failed row of a create
 * (provision or bind) keeps however the create and its retries end: the provider, the store's
 * faults and the steps the tests share.
 */
public abstract class FailedCreateFixture {
  static final String SERVICE = "svc-failed-records";
  static final String QUERY = "?service_id=" + SERVICE + "&plan_id=plan-a";
  static final String PROVISION = "{\"service_id\":\"" + SERVICE + "\",\"plan_id\":"
      + "\"plan-a\",\"context\":{\"platform\":\"cloudfoundry\"},\"parameters\":{\"size\":3}}";
  static final String BASE = PROVISION.replace("\"size\":3", "\"size\":1");
  static final String BIND = "{\"service_id\":\"" + SERVICE + "\",\"plan_id\":"
      + "\"plan-a\",\"bind_resource\":{\"app_guid\":\"app-1\"},\"parameters\":{\"role\":\"r\"}}";
  static final String DASHBOARD = "https://dashboard.example/first";
  static final String ACCEPTED_DASHBOARD = "https://dashboard.example/accepted";
  static final String RETRY_DASHBOARD = "https://dashboard.example/retry";
  static final InstanceMetadata METADATA = new InstanceMetadata(Map.of("tier", "gold"), null);
  private static final Catalog CATALOG = Catalog.of(ServiceOffering
      .builder(SERVICE, "failed-records", "Creates that fail in every way")
      .bindable(true).bindingsRetrievable(true)
      .plan(Plan.builder("plan-a", "a", "The only plan").build())
      .build());

  /**
   * A broker builder on the store under test, for {@code provider}; the contract adds basic
   * authentication. Each call for one test must build on the same registry: two brokers built
   * from it are two replicas. What it opens, a subclass closes in an extension's
   * {@code afterEach}: that runs after this fixture's {@code @AfterEach}, which closes the
   * brokers.
   *
   * @param provider the provider
   * @return the builder
   */
  protected abstract Broker.Builder builder(ServiceBroker provider);

  /**
   * The store under test as the contract's brokers must use it: the contract can make it lose
   * the next success it is asked to record or the answer of the next claim (as if the database
   * went down just then), or refuse the next success (as if it could not keep it). With
   * {@link #claimsKeepNoCreationTime} on, it reads a binding being created back with its claim's
   * creation time, as a store that does not write a re-claim as {@link StoredBinding#replacing}.
   *
   * @param store the store under test
   * @return the store the broker is given
   */
  protected final BrokerStore withFaults(BrokerStore store) {
    return StoreProxy.around(store, (method, args, target) -> {
      String name = method.getName();
      boolean success = name.equals("finishOperation")
          && ((Finish) args[0]).status() == OperationStatus.SUCCEEDED;
      if (success && loseNextSuccess.getAndSet(false)) {
        throw new StoreUnavailableException("database down", null);
      }
      if (success && refuseNextSuccess.getAndSet(false)) {
        throw new IllegalStateException("the store cannot keep this");
      }
      if (name.equals("claimBinding")) {
        claimedAt.set(((StoredBinding) args[0]).createdAt());
      }
      Object answer = target.proceed(args);
      if (name.startsWith("claim") && loseNextClaimAnswer.getAndSet(false)) {
        throw new StoreUnavailableException("connection lost after the commit", null);
      }
      if (name.equals("findBinding") && claimsKeepNoCreationTime.get()
          && answer instanceof Optional<?> found && found.isPresent()
          && found.get() instanceof StoredBinding b && b.status() == BindingStatus.BINDING) {
        return Optional.of(new StoredBinding(b.instanceId(), b.bindingId(), b.serviceId(),
            b.planId(), b.fingerprint(), b.parameters(), b.context(), b.bindResource(),
            b.appGuid(), b.details(), b.credentials(), b.status(), claimedAt.get()));
      }
      return answer;
    });
  }

  /** How an asynchronous create's operation ends (see {@link Provider#ending}). */
  enum Ending {
    /** Its work throws a {@link ServiceBrokerException} with a 4xx status. */
    WORK_REFUSES,
    /** Its work throws anything else. */
    WORK_FAILS,
    /** The executor refuses its work (the create is answered 503). */
    EXECUTOR_REFUSES,
    /** Its replica stops; another one takes it over and ends it as failed. */
    TAKEN_OVER
  }

  /** What the provider does with the next create call. */
  enum Answer {
    /** Creates (201), a provision with {@link #DASHBOARD} and {@link #METADATA}. */
    CREATE,
    /** Creates (201) with nothing else. */
    CREATE_PLAIN,
    /** Creates (201), a provision with {@link #RETRY_DASHBOARD} and no metadata. */
    CREATE_OTHER_DASHBOARD,
    /** Fails with an unknown outcome (500). */
    FAIL,
    /** Hangs until the test ends (its replica stops meanwhile), then fails. */
    HANG,
    /** Accepts (202), with {@link #ACCEPTED_DASHBOARD}, work that ends as {@link #ending}. */
    ACCEPT,
    /** Accepts (202) without a dashboard URL, work that ends as {@link #ending}. */
    ACCEPT_PLAIN
  }

  /**
   * Answers each create as the test queued it (a provision of size 1, the instance binds are made
   * on, is created; others fail when nothing is queued). Records the deletes.
   */
  static final class Provider implements ServiceBroker {
    final Queue<Answer> next = new ConcurrentLinkedQueue<>();
    final CountDownLatch called = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<DeprovisionRequest> deprovisions = new CopyOnWriteArrayList<>();
    final List<UnbindRequest> unbinds = new CopyOnWriteArrayList<>();
    /** How asynchronous work ends; null: it succeeds. */
    volatile Ending ending;

    @Override
    public Catalog catalog() {
      return CATALOG;
    }

    private AsyncWork work() {
      return AsyncWork.task(this::finishWork);
    }

    private void finishWork() throws InterruptedException {
      if (ending == null) {
        return;
      }
      switch (ending) {
        case WORK_REFUSES -> throw ServiceBrokerException.unprocessable("The quota is used up.");
        case TAKEN_OVER -> release.await(30, TimeUnit.SECONDS);
        default -> throw new IllegalStateException("the backend failed");
      }
    }

    private Answer answer() throws InterruptedException {
      Answer a = next.poll();
      if (a == Answer.HANG) {
        called.countDown();
        release.await(30, TimeUnit.SECONDS);
      }
      return a == null || a == Answer.HANG ? Answer.FAIL : a;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      if (Integer.valueOf(1).equals(request.parameters().get("size"))) {
        return ProvisionResult.created();
      }
      try {
        return switch (answer()) {
          case CREATE -> new ProvisionResult.Created(DASHBOARD, METADATA);
          case CREATE_PLAIN -> ProvisionResult.created();
          case CREATE_OTHER_DASHBOARD -> new ProvisionResult.Created(RETRY_DASHBOARD, null);
          case ACCEPT -> ProvisionResult.accepted(work()).withDashboardUrl(ACCEPTED_DASHBOARD);
          case ACCEPT_PLAIN -> ProvisionResult.accepted(work());
          default -> throw new IllegalStateException("timed out; the backend may have made it");
        };
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      deprovisions.add(request);
      return DeprovisionResult.deleted();
    }

    @Override
    public BindResult bind(BindRequest request) {
      try {
        return switch (answer()) {
          case CREATE, CREATE_PLAIN, CREATE_OTHER_DASHBOARD ->
              BindResult.bound(Map.of("user", "u"));
          case ACCEPT, ACCEPT_PLAIN -> BindResult.accepted(() -> {
            finishWork();
            return BindResult.bound(null);
          });
          default -> throw new IllegalStateException("timed out; the backend may have made it");
        };
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      unbinds.add(request);
      return UnbindResult.unbound();
    }
  }

  final Provider provider = new Provider();
  final AtomicBoolean loseNextSuccess = new AtomicBoolean();
  final AtomicBoolean refuseNextSuccess = new AtomicBoolean();
  final AtomicBoolean loseNextClaimAnswer = new AtomicBoolean();
  final AtomicBoolean claimsKeepNoCreationTime = new AtomicBoolean();
  private final AtomicReference<Instant> claimedAt = new AtomicReference<>();
  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
  private final ExecutorService refusing = Executors.newSingleThreadExecutor();
  private final ExecutorService platform = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() throws Exception {
    provider.release.countDown();
    platform.shutdown();
    platform.awaitTermination(30, TimeUnit.SECONDS);
    for (AutoCloseable c : closing) {
      c.close();
    }
    refusing.shutdownNow();
  }

  /** A new replica on the registry; one whose executor refuses all work when {@code refuses}. */
  TestServer replica(boolean refuses) {
    Broker.Builder b = builder(provider)
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD));
    if (refuses) {
      refusing.shutdown(); // refuses every task from now on
      b.executor(refusing);
    }
    TestServer server = new TestServer(b.build());
    closing.add(0, server);
    return server;
  }

  /** Sends a request whose provider call hangs, and returns once the provider has it. */
  void sendHanging(TestServer a, String method, String path, String json)
      throws InterruptedException {
    provider.next.add(Answer.HANG);
    platform.submit(() -> a.call(method, path).json(json).send());
    assertThat(provider.called.await(10, TimeUnit.SECONDS)).as("the provider was called")
        .isTrue();
  }

  /**
   * Stops {@code a} and lets its leases run out at once, and has a new replica take its
   * operations over. (A closing replica keeps the lease of a call still running in it, no longer
   * renewed, until the lease expires; the test does not wait out the lease: it sets it in the
   * past, as a replica whose lease ran out.)
   *
   * @return the new replica
   */
  TestServer stopAndTakeOver(TestServer a) {
    closing.remove(a);
    a.close();
    a.broker.store().renewLeases(a.broker.replicaId(), Instant.EPOCH);
    TestServer b = replica(false);
    b.broker.maintainOperations();
    return b;
  }

  /** Waits (up to 10 s) until {@code done}, running maintenance rounds on {@code a}. */
  static void await(TestServer a, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      a.broker.maintainOperations();
      Thread.sleep(20);
    }
    assertThat(done.getAsBoolean()).as("the operation ended").isTrue();
  }

  /**
   * A provision the provider created but whose success the store could not record (503): its
   * failed row keeps the provider's dashboard URL and metadata.
   *
   * @return the failed row
   */
  StoredInstance createdButNotRecorded(TestServer a, String path, String id)
      throws InterruptedException {
    provider.next.add(Answer.CREATE);
    loseNextSuccess.set(true);
    Reply lost = a.call("PUT", path).json(PROVISION).send();
    assertThat(lost.status()).as(lost.toString()).isEqualTo(503);
    BrokerStore store = a.broker.store();
    await(a, () -> store.findInstance(id).orElseThrow().status()
        == InstanceStatus.PROVISION_FAILED);
    StoredInstance failed = store.findInstance(id).orElseThrow();
    assertThat(failed.dashboardUrl()).isEqualTo(DASHBOARD);
    assertThat(failed.metadata()).contains("gold");
    Thread.sleep(5); // a retry's claim is later
    return failed;
  }

  /** The failed row after the retry still has what the first provision recorded. */
  void keptWhatTheFirstCallRecorded(TestServer b, String path, String id, StoredInstance first) {
    StoredInstance failed = b.broker.store().findInstance(id).orElseThrow();
    assertThat(failed.status()).isEqualTo(InstanceStatus.PROVISION_FAILED);
    assertThat(failed.dashboardUrl()).isEqualTo(DASHBOARD);
    assertThat(failed.metadata()).isEqualTo(first.metadata());
    assertThat(failed.createdAt()).isEqualTo(first.createdAt());
    deprovisionReachesTheProvider(b, path);
    assertThat(provider.deprovisions).singleElement().satisfies(d -> {
      assertThat(d.instance().dashboardUrl()).isEqualTo(DASHBOARD);
      assertThat(d.instance().createdAt()).isEqualTo(first.createdAt());
    });
  }

  static void deprovisionReachesTheProvider(TestServer b, String path) {
    Reply deleted = b.call("DELETE", path + QUERY).send();
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
  }

  /**
   * An instance to bind to and a bind that failed with an unknown outcome (500).
   *
   * @return the failed binding
   */
  StoredBinding failedBind(TestServer a, String id, String path) throws InterruptedException {
    Reply created = a.call("PUT", "/v2/service_instances/" + id).json(BASE).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    Reply failed = a.call("PUT", path).json(BIND).send();
    assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
    StoredBinding first = a.broker.store().findBinding(id, "b1").orElseThrow();
    assertThat(first.status()).isEqualTo(BindingStatus.BIND_FAILED);
    Thread.sleep(5); // a retry's claim is later
    return first;
  }

  /**
   * The failed binding after the retry is the first call's (created when it was, with its
   * request), and the unbind gets it.
   */
  void keptTheFirstBinding(TestServer b, String path, String id, StoredBinding first) {
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

  static String newId() {
    return UUID.randomUUID().toString();
  }
}

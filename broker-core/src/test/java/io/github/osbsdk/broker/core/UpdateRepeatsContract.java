package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.OperationType;
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
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.Begin;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP, on a store a subclass chooses: which update meeting another one on its instance
 * is an identical repeat. A repeat sends the same body, context included: an asynchronous one
 * gets 202 with the running operation, a synchronous one waits for the running call. An update
 * that differs only in its context (an IBM Cloud rename: another {@code context.name}) is a
 * different mutation: 422 {@code ConcurrencyError} at once, never 202 with the running operation
 * (which would never apply the rename). An update operation an older SDK version wrote keeps its
 * fingerprint of that form (without the context); an identical retry still finds it, unless
 * its recorded payload cannot be read: then 422 {@code ConcurrencyError}, never 500.
 */
public abstract class UpdateRepeatsContract {
  private static final String SERVICE = "svc-update-repeats";
  private static final Catalog CATALOG = Catalog.of(ServiceOffering
      .builder(SERVICE, "update-repeats", "Updates met by repeats and renames")
      .plan(Plan.builder("plan-a", "a", "The only plan").build())
      .build());
  /**
   * The JSON older SDK versions made an update's fingerprint of, for these tests' updates (no
   * parameters, no maintenance info, the instance's plan): the context is not in it.
   */
  private static final String OLD_FORM_FIELDS = "{\"maintenance_info\":null,"
      + "\"organization_guid\":null,\"parameters\":null,\"plan_id\":\"plan-a\",\"service_id\":\""
      + SERVICE + "\",\"space_guid\":null}";

  /**
   * A broker builder on the store under test, for {@code provider}; the contract adds basic
   * authentication. The store given to the builder must be {@link #watched}.
   *
   * @param provider the provider
   * @return the builder
   */
  protected abstract Broker.Builder builder(ServiceBroker provider);

  /** Called once the test's broker is closed, to close what {@link #builder} opened. */
  protected void afterBrokerClosed() {
    // nothing by default
  }

  /**
   * The store under test as the contract's broker must use it: the contract counts the
   * operations begun on it (a waiting repeat begins again and again).
   *
   * @param store the store under test
   * @return the store the broker is given
   */
  protected final BrokerStore watched(BrokerStore store) {
    return StoreProxy.around(store, (method, args, target) -> {
      if (method.getName().equals("beginOperation")) {
        begins.incrementAndGet();
      }
      return target.proceed(args);
    });
  }

  /** Asynchronous updates run until released; a held synchronous one waits for it too. */
  private static final class Provider implements ServiceBroker {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch syncCalled = new CountDownLatch(1);
    final AtomicBoolean holdNextSync = new AtomicBoolean();
    final List<UpdateRequest> updates = new CopyOnWriteArrayList<>();

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
      updates.add(request);
      if (request.acceptsIncomplete()) {
        return UpdateResult.accepted(AsyncWork.task(() -> {
          release.await(30, TimeUnit.SECONDS);
        }));
      }
      if (holdNextSync.getAndSet(false)) {
        syncCalled.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return UpdateResult.updated();
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      return DeprovisionResult.deleted();
    }
  }

  private final Provider provider = new Provider();
  private final AtomicInteger begins = new AtomicInteger();
  private final ExecutorService platform = Executors.newSingleThreadExecutor();
  private TestServer server;
  private String path;

  @AfterEach
  void stop() throws Exception {
    provider.release.countDown();
    platform.shutdownNow();
    if (server != null) {
      server.close();
    }
    afterBrokerClosed();
  }

  /** Starts the broker and provisions an instance named {@code first}. */
  private void provisioned() {
    server = new TestServer(builder(provider).repeatWait(Duration.ofSeconds(30))
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD)).build());
    path = "/v2/service_instances/" + UUID.randomUUID();
    Reply created = server.call("PUT", path).json("{\"service_id\":\"" + SERVICE + "\","
        + "\"plan_id\":\"plan-a\",\"context\":" + context("first") + "}").send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }

  /** An IBM Cloud context naming the instance {@code name}. */
  private static String context(String name) {
    return "{\"platform\":\"ibmcloud\",\"account_id\":\"acc-1\",\"crn\":\"crn:v1:bluemix:public:"
        + "update-repeats:eu-de:a/acc-1:inst-1::\",\"name\":\"" + name + "\"}";
  }

  private Reply update(boolean async, String name) {
    return server.call("PATCH", path + (async ? "?accepts_incomplete=true" : ""))
        .json("{\"service_id\":\"" + SERVICE + "\",\"context\":" + context(name) + "}").send();
  }

  private static void refused(Reply r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.json().get("error").asText()).isEqualTo("ConcurrencyError");
  }

  private String instanceId() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  @Test
  void asyncUpdateWithAnotherContextWhileOneRunsIsRefusedWithConcurrencyError()
      throws InterruptedException {
    provisioned();
    Reply first = update(true, "renamed-1");
    assertThat(first.status()).as(first.toString()).isEqualTo(202);

    refused(update(true, "renamed-2"));

    assertThat(provider.updates).hasSize(1);
    provider.release.countDown();
    BrokerStore store = server.broker.store();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (store.runningOperation(instanceId()).isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(store.runningOperation(instanceId())).as("the first update ended").isEmpty();
    assertThat(store.findInstance(instanceId()).orElseThrow().context()).contains("renamed-1")
        .doesNotContain("renamed-2");
  }

  @Test
  void identicalAsyncUpdateRepeatedWhileItRunsGetsTheSameOperation() {
    provisioned();
    Reply first = update(true, "renamed");
    assertThat(first.status()).as(first.toString()).isEqualTo(202);

    Reply again = server.call("PATCH", path + "?accepts_incomplete=true").json("{\"context\":{"
        + "\"name\":\"renamed\",\"crn\":\"crn:v1:bluemix:public:update-repeats:eu-de:a/acc-1:"
        + "inst-1::\",\"account_id\":\"acc-1\",\"platform\":\"ibmcloud\"},\"service_id\":\""
        + SERVICE + "\"}").send();

    assertThat(again.status()).as(again.toString()).isEqualTo(202);
    assertThat(again.json().get("operation").asText())
        .isEqualTo(first.json().get("operation").asText());
    assertThat(provider.updates).hasSize(1);
  }

  @Test
  void syncUpdateWithAnotherContextWhileAnAsyncOneRunsIsRefused() {
    provisioned();
    assertThat(update(true, "renamed-1").status()).isEqualTo(202);

    refused(update(false, "renamed-2"));
    assertThat(provider.updates).hasSize(1);
  }

  @Test
  void syncUpdateWithAnotherContextWhileAnotherSyncOneRunsIsRefusedAtOnce() throws Exception {
    provisioned();
    provider.holdNextSync.set(true);
    Future<Reply> first = platform.submit(() -> update(false, "renamed-1"));
    assertThat(provider.syncCalled.await(10, TimeUnit.SECONDS)).isTrue();

    refused(update(false, "renamed-2"));

    assertThat(first).as("answered before the running update ended").isNotDone();
    provider.release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(provider.updates).hasSize(1);
  }

  @Test
  void identicalSyncUpdateRepeatedWhileItRunsWaitsForItAndIsAnswered() throws Exception {
    provisioned();
    provider.holdNextSync.set(true);
    Future<Reply> first = platform.submit(() -> update(false, "renamed"));
    assertThat(provider.syncCalled.await(10, TimeUnit.SECONDS)).isTrue();
    int before = begins.get();
    ExecutorService retrying = Executors.newSingleThreadExecutor();
    try {
      Future<Reply> again = retrying.submit(() -> update(false, "renamed"));
      awaitWaiting(again, before);
      provider.release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(again.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    } finally {
      retrying.shutdownNow();
    }
  }

  /** Waits until {@code retry} began an operation twice (it waits), or was answered. */
  private void awaitWaiting(Future<Reply> retry, int beginsBefore) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (begins.get() < beginsBefore + 2 && !retry.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(retry.isDone()).as("the retry waits for the running update: "
        + (retry.isDone() ? retry.get() : null)).isFalse();
  }

  /**
   * Writes an update operation as an older SDK version running on another replica did: its
   * fingerprint without the context, its payload with it.
   */
  private StoredOperation startedByAnOlderVersion(boolean async, String name) {
    return startedByAnOlderVersionWith(async,
        "{\"plan_id\":\"plan-a\",\"context\":" + context(name) + "}");
  }

  /** As {@link #startedByAnOlderVersion}, the operation recording {@code payload}. */
  private StoredOperation startedByAnOlderVersionWith(boolean async, String payload) {
    BrokerStore store = server.broker.store();
    Instant now = Instant.now();
    StoredOperation op = StoredOperation.start(UUID.randomUUID().toString(), instanceId(), null,
        OperationType.UPDATE, oldFormFingerprint() + (async ? "" : "/sync"), "old-replica",
        now.plusSeconds(3600), null, payload, now);
    assertThat(store.beginOperation(op)).isInstanceOf(Begin.Started.class);
    if (!async) {
      return op;
    }
    StoredOperation accepted = op.accepted(null, null, null, payload, now.plusSeconds(3600));
    assertThat(store.acceptOperation(accepted, "old-replica")).isTrue();
    return accepted;
  }

  /** The digest older versions made: 128 bits of SHA-256, base64url. */
  private static String oldFormFingerprint() {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256")
          .digest(OLD_FORM_FIELDS.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha, 16));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void identicalAsyncRetryOfAnUpdateAnOlderVersionStartedGetsItsOperation() {
    provisioned();
    StoredOperation old = startedByAnOlderVersion(true, "renamed");

    Reply again = update(true, "renamed");
    assertThat(again.status()).as(again.toString()).isEqualTo(202);
    assertThat(again.json().get("operation").asText()).isEqualTo(old.id());

    refused(update(true, "renamed-otherwise"));
    assertThat(provider.updates).isEmpty();
  }

  @Test
  void identicalSyncRetryOfAnUpdateAnOlderVersionStartedWaitsForIt() throws Exception {
    provisioned();
    StoredOperation old = startedByAnOlderVersion(false, "renamed");
    int before = begins.get();
    Future<Reply> again = platform.submit(() -> update(false, "renamed"));
    awaitWaiting(again, before);

    assertThat(server.broker.store().finishOperation(new Finish(old.id(), "old-replica",
        old.attempt(), OperationStatus.SUCCEEDED, null, null, null, false,
        Finish.RowChange.none(), Finish.RowChange.none(), Instant.now()))).isTrue();

    Reply answered = again.get(10, TimeUnit.SECONDS);
    assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
  }

  @Test
  void syncUpdateWithAnotherContextThanOneAnOlderVersionStartedIsRefusedAtOnce() {
    provisioned();
    startedByAnOlderVersion(false, "renamed");

    refused(update(false, "renamed-otherwise"));
    assertThat(provider.updates).isEmpty();
  }

  /**
   * An update an older version started whose recorded payload cannot be read (damaged, or JSON
   * other than the object it wrote): whether the request repeats it cannot be told, so it is
   * refused as a different update is while one runs, never answered 500; the line says which.
   */
  @Test
  void updateMeetingAnOlderVersionsUpdateWithAnUnreadablePayloadIsRefused() {
    provisioned();
    StoredOperation old = startedByAnOlderVersionWith(true, "{\"plan_id\":\"plan-a\",\"cont");
    try (StderrCapture log = new StderrCapture()) {
      refused(update(true, "renamed"));
      assertThat(log.lines()).anyMatch(l -> l.contains(" ERROR ") && l.contains(old.id())
          && l.contains("unreadable payload"));
    }
    assertThat(provider.updates).isEmpty();
  }

  @Test
  void syncUpdateMeetingAnOlderVersionsSyncUpdateWithAPayloadNotAnObjectIsRefusedAtOnce() {
    provisioned();
    startedByAnOlderVersionWith(false, "[\"plan-a\"]");

    refused(update(false, "renamed"));
    assertThat(provider.updates).isEmpty();
  }
}

package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.testsupport.HeldCall;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP, on a store a subclass chooses: a repeat that meets the same request still
 * running synchronously (its provider call held) waits for it, then is answered, instead of
 * 422 {@code ConcurrencyError}. A repeat in the other {@code accepts_incomplete} mode waits as
 * one in the same mode does; a DELETE repeated naming the instance's other plan (after a plan
 * change the platform may send the old or the new {@code plan_id}, which the SDK does not use)
 * is the same delete. An update's repeat that waited for its succeeded first is answered from
 * the registry (the provider is called once), also after a plan change.
 */
public abstract class RepeatsOfASyncChangeContract {
  private static final String SERVICE = "svc-sync-repeats";
  private static final Catalog CATALOG = Catalog.of(ServiceOffering
      .builder(SERVICE, "sync-repeats", "Synchronous changes met by their repeats")
      .bindable(true).planUpdateable(true)
      .plan(Plan.builder("plan-a", "a", "The first plan").build())
      .plan(Plan.builder("plan-b", "b", "The second plan").build())
      .build());
  private static final Set<String> CLAIMS = Set.of("claimInstance", "beginOperation");

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
   * The store under test as the contract's broker must use it: the contract counts the claims
   * and begins made on it (a waiting repeat makes them again and again).
   *
   * @param store the store under test
   * @return the store the broker is given
   */
  protected final BrokerStore watched(BrokerStore store) {
    return StoreProxy.around(store, (method, args, target) -> {
      if (CLAIMS.contains(method.getName())) {
        claims.incrementAndGet();
      }
      return target.proceed(args);
    });
  }

  /** Answers at once; the call {@link #held} holds waits for its release. */
  private static final class Provider implements ServiceBroker {
    final HeldCall held = new HeldCall();
    final AtomicInteger provisions = new AtomicInteger();
    final AtomicInteger updates = new AtomicInteger();
    /** Whether the held update, once released, fails (422) instead of succeeding. */
    final AtomicBoolean failHeldUpdate = new AtomicBoolean();

    @Override
    public Catalog catalog() {
      return CATALOG;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      provisions.incrementAndGet();
      held.pass();
      return ProvisionResult.created();
    }

    @Override
    public UpdateResult update(UpdateRequest request) {
      updates.incrementAndGet();
      if (held.pass() && failHeldUpdate.get()) {
        throw ServiceBrokerException.unprocessable("Over quota for now.");
      }
      return UpdateResult.updated();
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      held.pass();
      return DeprovisionResult.deleted();
    }

    @Override
    public BindResult bind(BindRequest request) {
      return BindResult.bound(Map.of("user", "u"));
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      held.pass();
      return UnbindResult.unbound();
    }
  }

  private final Provider provider = new Provider();
  private final AtomicInteger claims = new AtomicInteger();
  private final ExecutorService first = Executors.newSingleThreadExecutor();
  private final ExecutorService repeat = Executors.newSingleThreadExecutor();
  private TestServer server;
  private String path;

  @AfterEach
  void stop() throws Exception {
    provider.held.release();
    first.shutdownNow();
    repeat.shutdownNow();
    if (server != null) {
      server.close();
    }
    afterBrokerClosed();
  }

  private void started() {
    server = new TestServer(builder(provider).repeatWait(Duration.ofSeconds(30))
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD)).build());
    path = "/v2/service_instances/" + UUID.randomUUID();
  }

  private Reply provision(boolean async) {
    return server.call("PUT", path + (async ? "?accepts_incomplete=true" : ""))
        .json("{\"service_id\":\"" + SERVICE + "\",\"plan_id\":\"plan-a\",\"organization_guid\":"
            + "\"org\",\"space_guid\":\"space\"}").send();
  }

  private Reply toPlanB(boolean async) {
    return server.call("PATCH", path + (async ? "?accepts_incomplete=true" : ""))
        .json("{\"service_id\":\"" + SERVICE + "\",\"plan_id\":\"plan-b\"}").send();
  }

  private Reply delete(String target, String planId) {
    return server.call("DELETE", target + "?service_id=" + SERVICE + "&plan_id=" + planId)
        .send();
  }

  private Reply asyncDelete(String target, String planId) {
    return server.call("DELETE", target + "?accepts_incomplete=true&service_id=" + SERVICE
        + "&plan_id=" + planId).send();
  }

  /** Provisions on {@code plan-a}, then changes the instance to {@code plan-b}. */
  private void onPlanBAfterAPlanChange() {
    started();
    assertThat(provision(false).status()).isEqualTo(201);
    Reply updated = toPlanB(false);
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
  }

  /**
   * Sends {@code firstCall} with the provider holding it, then {@code repeatCall}, and checks
   * the repeat waits for the first: it claims again and again, and is not answered while the
   * first runs.
   *
   * @return both answers, once the first was released
   */
  private Reply[] heldThenRepeated(Supplier<Reply> firstCall, Supplier<Reply> repeatCall)
      throws Exception {
    provider.held.holdNext();
    Future<Reply> one = first.submit(firstCall::get);
    assertThat(provider.held.awaitHeld()).as("the first call is held").isTrue();
    int before = claims.get();
    Future<Reply> two = repeat.submit(repeatCall::get);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (claims.get() < before + 2 && !two.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(two.isDone()).as("the repeat waits for the running request: "
        + (two.isDone() ? two.get() : null)).isFalse();
    provider.held.release();
    return new Reply[] {one.get(10, TimeUnit.SECONDS), two.get(10, TimeUnit.SECONDS)};
  }

  @Test
  void asyncRepeatOfARunningSyncProvisionWaitsForItAndGetsItsOutcome() throws Exception {
    started();

    Reply[] answers = heldThenRepeated(() -> provision(false), () -> provision(true));

    assertThat(answers[0].status()).as(answers[0].toString()).isEqualTo(201);
    assertThat(answers[1].status()).as(answers[1].toString()).isEqualTo(200);
    assertThat(provider.provisions).hasValue(1);
  }

  private Reply resized(boolean async) {
    return server.call("PATCH", path + (async ? "?accepts_incomplete=true" : ""))
        .json("{\"service_id\":\"" + SERVICE + "\",\"parameters\":{\"size\":2}}").send();
  }

  @Test
  void asyncRepeatOfARunningSyncUpdateWaitsForItAndIsAnswered() throws Exception {
    started();
    assertThat(provision(false).status()).isEqualTo(201);

    Reply[] answers = heldThenRepeated(() -> resized(false), () -> resized(true));

    assertThat(answers[0].status()).as(answers[0].toString()).isEqualTo(200);
    assertThat(answers[1].status()).as(answers[1].toString()).isEqualTo(200);
    assertThat(provider.updates).as("the repeat is answered from the registry").hasValue(1);
  }

  @Test
  void syncRepeatOfARunningSyncUpdateWaitsForItAndIsAnsweredFromTheRegistry() throws Exception {
    started();
    assertThat(provision(false).status()).isEqualTo(201);

    Reply[] answers = heldThenRepeated(() -> resized(false), () -> resized(false));

    assertThat(answers[0].status()).as(answers[0].toString()).isEqualTo(200);
    assertThat(answers[1].status()).as(answers[1].toString()).isEqualTo(200);
    assertThat(answers[1].json().has("operation")).isFalse();
    assertThat(provider.updates).as("the repeat is answered from the registry").hasValue(1);
  }

  @Test
  void syncRepeatOfARunningSyncPlanChangeWaitsForItAndGetsItsOutcome() throws Exception {
    started();
    assertThat(provision(false).status()).isEqualTo(201);

    Reply[] answers = heldThenRepeated(() -> toPlanB(false), () -> toPlanB(false));

    assertThat(answers[0].status()).as(answers[0].toString()).isEqualTo(200);
    assertThat(answers[1].status()).as(answers[1].toString()).isEqualTo(200);
    assertThat(provider.updates).hasValue(1);
    // an identical update after that one is a new update (the provider is asked again)
    assertThat(toPlanB(false).status()).isEqualTo(200);
    assertThat(provider.updates).hasValue(2);
  }

  @Test
  void asyncRepeatOfARunningSyncPlanChangeWaitsForItAndGetsItsOutcome() throws Exception {
    started();
    assertThat(provision(false).status()).isEqualTo(201);

    Reply[] answers = heldThenRepeated(() -> toPlanB(false), () -> toPlanB(true));

    assertThat(answers[0].status()).as(answers[0].toString()).isEqualTo(200);
    assertThat(answers[1].status()).as(answers[1].toString()).isEqualTo(200);
    assertThat(provider.updates).hasValue(1);
  }

  @Test
  void syncRepeatOfAnAsyncAcceptingUpdateStillInItsProviderCallWaitsForIt() throws Exception {
    started();
    assertThat(provision(false).status()).isEqualTo(201);

    // the provider answers the first synchronously although it accepted an asynchronous answer
    Reply[] answers = heldThenRepeated(() -> resized(true), () -> resized(false));

    assertThat(answers[0].status()).as(answers[0].toString()).isEqualTo(200);
    assertThat(answers[1].status()).as(answers[1].toString()).isEqualTo(200);
    assertThat(provider.updates).hasValue(1);
  }

  @Test
  void repeatOfARunningSyncUpdateThatFailedCallsTheProviderItself() throws Exception {
    started();
    assertThat(provision(false).status()).isEqualTo(201);
    provider.failHeldUpdate.set(true);

    Reply[] answers = heldThenRepeated(() -> toPlanB(false), () -> toPlanB(false));

    assertThat(answers[0].status()).as(answers[0].toString()).isEqualTo(422);
    assertThat(answers[1].status()).as(answers[1].toString()).isEqualTo(200);
    assertThat(provider.updates).as("the failed update is not taken for done").hasValue(2);
  }

  @Test
  void asyncDeprovisionRepeatOfARunningSyncDeprovisionWaitsForItAndGetsGone()
      throws Exception {
    started();
    assertThat(provision(false).status()).isEqualTo(201);

    Reply[] answers = heldThenRepeated(() -> delete(path, "plan-a"),
        () -> asyncDelete(path, "plan-a"));

    assertThat(answers[0].status()).as(answers[0].toString()).isEqualTo(200);
    assertThat(answers[1].status()).as(answers[1].toString()).isEqualTo(410);
  }

  @Test
  void syncDeprovisionRepeatOfAnAsyncAcceptingOneStillInItsProviderCallWaitsForIt()
      throws Exception {
    started();
    assertThat(provision(false).status()).isEqualTo(201);

    // the provider deletes at once although the first accepted an asynchronous answer
    Reply[] answers = heldThenRepeated(() -> asyncDelete(path, "plan-a"),
        () -> delete(path, "plan-a"));

    assertThat(answers[0].status()).as(answers[0].toString()).isEqualTo(200);
    assertThat(answers[1].status()).as(answers[1].toString()).isEqualTo(410);
  }

  @Test
  void asyncUnbindRepeatOfARunningSyncUnbindWaitsForItAndGetsGone() throws Exception {
    started();
    assertThat(provision(false).status()).isEqualTo(201);
    String binding = path + "/service_bindings/" + UUID.randomUUID();
    Reply bound = server.call("PUT", binding).json("{\"service_id\":\"" + SERVICE
        + "\",\"plan_id\":\"plan-a\"}").send();
    assertThat(bound.status()).as(bound.toString()).isEqualTo(201);

    Reply[] answers = heldThenRepeated(() -> delete(binding, "plan-a"),
        () -> asyncDelete(binding, "plan-a"));

    assertThat(answers[0].status()).as(answers[0].toString()).isEqualTo(200);
    assertThat(answers[1].status()).as(answers[1].toString()).isEqualTo(410);
  }

  @Test
  void syncDeprovisionRepeatedNamingTheOtherPlanWaitsForItAndGetsGone() throws Exception {
    onPlanBAfterAPlanChange();

    Reply[] answers = heldThenRepeated(() -> delete(path, "plan-b"),
        () -> delete(path, "plan-a"));

    assertThat(answers[0].status()).as(answers[0].toString()).isEqualTo(200);
    assertThat(answers[1].status()).as(answers[1].toString()).isEqualTo(410);
  }

  @Test
  void syncUnbindRepeatedNamingTheOtherPlanWaitsForItAndGetsGone() throws Exception {
    started();
    assertThat(provision(false).status()).isEqualTo(201);
    String binding = path + "/service_bindings/" + UUID.randomUUID();
    Reply bound = server.call("PUT", binding).json("{\"service_id\":\"" + SERVICE
        + "\",\"plan_id\":\"plan-a\"}").send();
    assertThat(bound.status()).as(bound.toString()).isEqualTo(201);
    assertThat(toPlanB(false).status()).isEqualTo(200);

    Reply[] answers = heldThenRepeated(() -> delete(binding, "plan-a"),
        () -> delete(binding, "plan-b"));

    assertThat(answers[0].status()).as(answers[0].toString()).isEqualTo(200);
    assertThat(answers[1].status()).as(answers[1].toString()).isEqualTo(410);
  }
}

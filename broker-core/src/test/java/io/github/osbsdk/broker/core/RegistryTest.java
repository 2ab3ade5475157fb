package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the SDK answers from its registry, without the provider. */
class RegistryTest {
  private static final String CF = "{\"service_id\":\"svc-1\",\"plan_id\":\"%s\","
      + "\"parameters\":%s}";

  static Broker.Builder builder(TestServiceBroker sb) {
    return Broker.builder(sb).authenticator(BasicAuthenticator.of(TestServer.USER,
        TestServer.PASSWORD)).retryAfter(Duration.ofSeconds(1));
  }

  static Reply provision(TestServer s, String id, String plan, String params,
      boolean async) {
    return s.call("PUT", "/v2/service_instances/" + id + (async ? "?accepts_incomplete=true" : ""))
        .json(body(plan, params)).send();
  }

  static Reply bind(TestServer s, String id, String bid, String params) {
    return s.call("PUT", "/v2/service_instances/" + id + "/service_bindings/" + bid)
        .json(String.format(CF, "plan-sync", params)).send();
  }

  static Reply poll(TestServer s, String id, String op) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    Reply r;
    do {
      r = s.call("GET", "/v2/service_instances/" + id + "/last_operation?operation=" + op).send();
      if (r.status() != 200 || !r.json().get("state").asText().equals("in progress")) {
        return r;
      }
      sleep(20);
    } while (System.nanoTime() < deadline);
    return r;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void identicalRepeatIsOkWithoutTheProviderAndDifferentRequestConflicts() {
    TestServiceBroker sb = new TestServiceBroker();
    try (TestServer s = new TestServer(builder(sb).build())) {
      String id = id();
      assertThat(provision(s, id, "plan-sync", "{\"a\":1}", false).status()).isEqualTo(201);
      Reply repeat = provision(s, id, "plan-sync", "{\"a\":1}", false);
      assertThat(repeat.status()).isEqualTo(200);
      assertThat(repeat.json().get("dashboard_url").asText()).isEqualTo("https://dash/" + id);
      Reply other = provision(s, id, "plan-sync", "{\"a\":2}", false);
      assertThat(other.status()).isEqualTo(409);
      assertThat(provision(s, id, "plan-fixed", "{\"a\":1}", false).status()).isEqualTo(409);
      assertThat(sb.provisionCalls.get()).isEqualTo(1);
    }
  }

  @Test
  void contextChangesDoNotMakeARepeatDifferent() {
    TestServiceBroker sb = new TestServiceBroker();
    try (TestServer s = new TestServer(builder(sb).build())) {
      String id = id();
      String a = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\",\"context\":"
          + "{\"platform\":\"cloudfoundry\",\"instance_name\":\"one\"},"
          + "\"organization_guid\":\"o\",\"space_guid\":\"s\"}";
      String b = a.replace("\"one\"", "\"renamed\"");
      assertThat(s.call("PUT", "/v2/service_instances/" + id).json(a).send().status())
          .isEqualTo(201);
      assertThat(s.call("PUT", "/v2/service_instances/" + id).json(b).send().status())
          .isEqualTo(200);
    }
  }

  @Test
  void unknownIdsAreGoneOnDeleteAndNotFoundOnReads() {
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).build())) {
      String id = id();
      String path = "/v2/service_instances/" + id;
      assertThat(s.call("DELETE", path + "?service_id=svc-1&plan_id=plan-sync").send().status())
          .isEqualTo(410);
      assertThat(s.call("GET", path).send().status()).isEqualTo(404);
      assertThat(s.call("GET", path + "/last_operation").send().status()).isEqualTo(404);
      assertThat(s.call("DELETE", path + "/service_bindings/b?service_id=svc-1&plan_id=plan-sync")
          .send().status()).isEqualTo(410);
      assertThat(s.call("GET", path + "/service_bindings/b").send().status()).isEqualTo(404);
      assertThat(bind(s, id, "b", "{}").status()).isEqualTo(404);
      Reply patch = s.call("PATCH", path).json("{\"service_id\":\"svc-1\"}").send();
      assertThat(patch.status()).isEqualTo(404);
    }
  }

  @Test
  void updateWithoutPlanIdIsValidatedAgainstTheStoredPlansSchema() {
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).build())) {
      String id = id();
      assertThat(provision(s, id, "plan-schema", "{\"size\":1}", false).status()).isEqualTo(201);
      Reply bad = s.call("PATCH", "/v2/service_instances/" + id)
          .json("{\"service_id\":\"svc-1\",\"parameters\":{\"size\":\"big\"}}").send();
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().get("description").asText()).contains("size");
      Reply good = s.call("PATCH", "/v2/service_instances/" + id)
          .json("{\"service_id\":\"svc-1\",\"parameters\":{\"size\":3}}").send();
      assertThat(good.status()).isEqualTo(200);
      Reply fetched = s.call("GET", "/v2/service_instances/" + id).send();
      assertThat(fetched.json().get("plan_id").asText()).isEqualTo("plan-schema");
      assertThat(fetched.json().get("parameters").get("size").asInt()).isEqualTo(3);
    }
  }

  @Test
  void planChangeIsCheckedAgainstTheStoredPlanEvenWithoutPreviousValues() {
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).build())) {
      String id = id();
      assertThat(provision(s, id, "plan-fixed", "{}", false).status()).isEqualTo(201);
      Reply r = s.call("PATCH", "/v2/service_instances/" + id)
          .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\"}").send();
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.json().get("description").asText()).contains("not updateable");
      String sync = id();
      provision(s, sync, "plan-sync", "{}", false);
      assertThat(s.call("PATCH", "/v2/service_instances/" + sync)
          .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-fixed\"}").send().status())
          .isEqualTo(200);
      assertThat(s.call("GET", "/v2/service_instances/" + sync).send().json().get("plan_id")
          .asText()).isEqualTo("plan-fixed");
    }
  }

  @Test
  void bindRepeatsAndConflictsAreAnsweredFromTheRegistry() {
    TestServiceBroker sb = new TestServiceBroker();
    try (TestServer s = new TestServer(builder(sb).build())) {
      String id = id();
      provision(s, id, "plan-sync", "{}", false);
      assertThat(bind(s, id, "b1", "{\"x\":1}").status()).isEqualTo(201);
      Reply again = bind(s, id, "b1", "{\"x\":1}");
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.json().get("credentials").get("user").asText()).isEqualTo("u");
      assertThat(bind(s, id, "b1", "{\"x\":2}").status()).isEqualTo(409);
      assertThat(sb.bindCalls.get()).isEqualTo(1);
    }
  }

  @Test
  void bindWhileTheInstanceIsBeingDeletedIsAConcurrencyError() {
    TestServiceBroker sb = new TestServiceBroker();
    try (TestServer s = new TestServer(builder(sb).build())) {
      String id = id();
      sb.holdAsyncTasks();
      Reply accepted = provision(s, id, "plan-async", "{}", true);
      Reply whileCreating = s.call("PUT", "/v2/service_instances/" + id + "/service_bindings/b")
          .json(String.format(CF, "plan-async", "{}")).send();
      assertThat(whileCreating.status()).isEqualTo(422);
      sb.releaseAsyncTasks();
      assertThat(poll(s, id, accepted.json().get("operation").asText()).json().get("state")
          .asText()).isEqualTo("succeeded");
      sb.holdAsyncTasks();
      Reply delete = s.call("DELETE", "/v2/service_instances/" + id
          + "?service_id=svc-1&plan_id=plan-async&accepts_incomplete=true").send();
      assertThat(delete.status()).isEqualTo(202);
      Reply whileDeleting = s.call("PUT", "/v2/service_instances/" + id + "/service_bindings/b")
          .json(String.format(CF, "plan-async", "{}")).send();
      assertThat(whileDeleting.status()).isEqualTo(422);
      assertThat(whileDeleting.json().get("error").asText()).isEqualTo("ConcurrencyError");
      sb.releaseAsyncTasks();
      assertThat(poll(s, id, delete.json().get("operation").asText()).status()).isEqualTo(410);
      assertThat(s.call("GET", "/v2/service_instances/" + id + "/last_operation").send()
          .status()).isEqualTo(410);
    }
  }

  @Test
  void unregisteredStepIsAProviderBugThatLeavesAFailedInstance() {
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        return ProvisionResult.accepted(AsyncWork.step("missing", Map.of()));
      }
    };
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    try (TestServer s = new TestServer(builder(provider).store(store).build())) {
      String id = id();
      Reply r = provision(s, id, "plan-async", "{}", true);
      assertThat(r.status()).isEqualTo(500);
      // the provider was called: what it made is left to the platform's delete
      assertThat(store.findInstance(id)).get().extracting(StoredInstance::status)
          .isEqualTo(InstanceStatus.PROVISION_FAILED);
      assertThat(store.runningOperation(id)).isEmpty();
    }
  }

  @Test
  void unavailableStoreAnswers503WithRetryAfterAndRecovers() {
    InMemoryBrokerStore real = new InMemoryBrokerStore();
    AtomicBoolean down = new AtomicBoolean();
    BrokerStore flaky = StoreProxy.around(real, (method, args, store) -> {
      if (down.get()) {
        throw new StoreUnavailableException("database down", null);
      }
      return store.proceed(args);
    });
    TestServiceBroker sb = new TestServiceBroker();
    try (TestServer s = new TestServer(builder(sb).store(flaky).build())) {
      String id = id();
      down.set(true);
      Reply r = provision(s, id, "plan-sync", "{}", false);
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.header("Retry-After")).isNotNull();
      assertThat(r.json().get("description").asText()).contains("unavailable");
      assertThat(sb.provisionCalls.get()).isZero();
      assertThat(s.call("GET", "/v2/service_instances/" + id).send().status()).isEqualTo(503);
      down.set(false);
      assertThat(provision(s, id, "plan-sync", "{}", false).status()).isEqualTo(201);
    }
  }

  @Test
  void providerFailureKeepsAFailedClaimSoAnIdenticalRetryCallsItAgain() {
    TestServiceBroker sb = new TestServiceBroker();
    try (TestServer s = new TestServer(builder(sb).build())) {
      String id = id();
      assertThat(provision(s, id, "plan-sync", "{\"fail\":\"runtime\"}", false).status())
          .isEqualTo(500);
      assertThat(provision(s, id, "plan-sync", "{\"fail\":\"runtime\"}", false).status())
          .isEqualTo(500);
      assertThat(sb.provisionCalls.get()).isEqualTo(2);
      assertThat(provision(s, id, "plan-sync", "{}", false).status()).isEqualTo(409);
      assertThat(s.call("DELETE", "/v2/service_instances/" + id
          + "?service_id=svc-1&plan_id=plan-sync").send().status()).isEqualTo(410);
      assertThat(provision(s, id, "plan-sync", "{}", false).status()).isEqualTo(201);
    }
  }

  @Test
  void bindRequestCarriesTheStoredInstance() {
    List<String> seen = new ArrayList<>();
    TestServiceBroker sb = new TestServiceBroker() {
      @Override
      public BindResult bind(BindRequest request) {
        seen.add(request.instance().planId() + " " + request.instance().parameters());
        return super.bind(request);
      }
    };
    try (TestServer s = new TestServer(builder(sb).build())) {
      String id = id();
      provision(s, id, "plan-sync", "{\"k\":\"v\"}", false);
      bind(s, id, "b", "{}");
      assertThat(seen).containsExactly("plan-sync {k=v}");
    }
  }

  /**
   * A delete that read its row while another delete of it ran, and began once that one was
   * refused, records to restore (should it be undone without its request: here the provider
   * names a step nobody registered) the status the row had when it began, not the
   * DEPROVISIONING it read: restored, that status would have nothing running for it and every
   * later deprovision would get 422 for ever.
   */
  @Test
  void aDeprovisionBegunJustAfterAnotherWasRefusedLeavesTheInstanceDeletableWhenUndone()
      throws Exception {
    deleteBegunJustAfterAnotherWasRefused(false);
  }

  /** The same for an unbind: UNBINDING is not restored. */
  @Test
  void anUnbindBegunJustAfterAnotherWasRefusedLeavesTheBindingDeletableWhenUndone()
      throws Exception {
    deleteBegunJustAfterAnotherWasRefused(true);
  }

  /**
   * The first delete waits in the provider and is then refused; the second one, which read the
   * row while the first ran, begins only once the first has been answered, and its provider call
   * names an unregistered step (500, the operation undone); the third succeeds.
   */
  private void deleteBegunJustAfterAnotherWasRefused(boolean unbind) throws Exception {
    CountDownLatch inProvider = new CountDownLatch(1);
    CountDownLatch refuse = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    TestServiceBroker provider = new TestServiceBroker() {
      private Object answer() {
        switch (calls.incrementAndGet()) {
          case 1 -> {
            inProvider.countDown();
            try {
              refuse.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw ServiceBrokerException.unprocessable("Not now.");
          }
          case 2 -> {
            return AsyncWork.step("not-registered", Map.of());
          }
          default -> {
            return null;
          }
        }
      }

      @Override
      public DeprovisionResult deprovision(DeprovisionRequest request) {
        Object work = answer();
        return work == null ? DeprovisionResult.deleted()
            : DeprovisionResult.accepted((AsyncWork) work);
      }

      @Override
      public UnbindResult unbind(UnbindRequest request) {
        Object work = answer();
        return work == null ? UnbindResult.unbound() : UnbindResult.accepted((AsyncWork) work);
      }
    };
    InMemoryBrokerStore real = new InMemoryBrokerStore();
    AtomicReference<Future<Reply>> first = new AtomicReference<>();
    AtomicBoolean holdNextBegin = new AtomicBoolean();
    BrokerStore store = StoreProxy.around(real, (method, args, target) -> {
      if (method.getName().equals("beginOperation") && holdNextBegin.getAndSet(false)) {
        refuse.countDown();
        first.get().get(10, TimeUnit.SECONDS); // the first delete has been answered
      }
      return target.proceed(args);
    });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (TestServer s = new TestServer(builder(provider).store(store).build())) {
      String id = id();
      assertThat(provision(s, id, "plan-sync", "{}", false).status()).isEqualTo(201);
      String path = "/v2/service_instances/" + id;
      if (unbind) {
        assertThat(bind(s, id, "b", "{}").status()).isEqualTo(201);
        path += "/service_bindings/b";
      }
      String delete = path + "?service_id=svc-1&plan_id=plan-sync&accepts_incomplete=true";
      first.set(pool.submit(() -> s.call("DELETE", delete).send()));
      assertThat(inProvider.await(30, TimeUnit.SECONDS)).isTrue();
      holdNextBegin.set(true);

      Reply undone = s.call("DELETE", delete).send();
      assertThat(first.get().get(10, TimeUnit.SECONDS).status()).isEqualTo(422);
      assertThat(undone.status()).as(undone.toString()).isEqualTo(500);
      if (unbind) {
        assertThat(real.findBinding(id, "b").orElseThrow().status())
            .isEqualTo(BindingStatus.READY);
      } else {
        assertThat(real.findInstance(id).orElseThrow().status())
            .isEqualTo(InstanceStatus.READY);
      }
      Reply deleted = s.call("DELETE", delete).send();
      assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
      assertThat(calls.get()).isEqualTo(3);
    } finally {
      refuse.countDown();
      pool.shutdownNow();
    }
  }
}

package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.bind;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.poll;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Provider code that answers what the SDK cannot send or record (values Jackson cannot write) or
 * that disturbs the thread it runs on: a logged provider bug and an OSB 500, or the outcome still
 * recorded, and never a registry left half-written.
 */
class ProviderMistakesTest {
  @Test
  void credentialsJacksonCannotWriteAreAProviderBugThatLeavesAFailedBindingToUnbind() {
    for (boolean stored : new boolean[] {false, true}) {
      TestServiceBroker sb = new TestServiceBroker();
      Broker.Builder b = builder(sb);
      if (stored) {
        b.storeCredentials(new SecretKeySpec(new byte[32], "AES"));
      }
      try (TestServer s = new TestServer(b.build())) {
        String id = id();
        provision(s, id, "plan-sync", "{}", false);
        for (int i = 0; i < 2; i++) {
          Reply r = bind(s, id, "b", "{\"fail\":\"cyclic-credentials\"}");
          assertThat(r.status()).as(stored + " " + r).isEqualTo(500);
          assertThat(r.json().get("description").asText()).contains("internal error")
              .doesNotContain("hunter2");
        }
        assertThat(sb.bindCalls.get()).isEqualTo(2);
        assertThat(s.call("GET", "/v2/service_instances/" + id + "/service_bindings/b").send()
            .status()).isEqualTo(404);
        // the provider made the binding: the platform's unbind (orphan mitigation) reaches it
        assertThat(s.call("DELETE", "/v2/service_instances/" + id + "/service_bindings/b"
            + "?service_id=svc-1&plan_id=plan-sync").send().status()).isEqualTo(200);
        assertThat(sb.bindings).isEmpty();
        assertThat(bind(s, id, "b", "{}").status()).isEqualTo(201);
        assertThat(s.call("DELETE", "/v2/service_instances/" + id + "/service_bindings/b"
            + "?service_id=svc-1&plan_id=plan-sync").send().status()).isEqualTo(200);
      }
    }
  }

  @Test
  void stepArgumentsJacksonCannotWriteAreAProviderBugThatLeavesAFailedInstance() {
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        return ProvisionResult.accepted(AsyncWork.step("create",
            Map.of("loop", TestServiceBroker.cyclic())));
      }
    };
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    try (TestServer s = new TestServer(builder(provider).store(store)
        .step("create", ctx -> { }).build())) {
      String id = id();
      Reply r = provision(s, id, "plan-async", "{}", true);
      assertThat(r.status()).as(r.toString()).isEqualTo(500);
      assertThat(r.json().get("description").asText()).contains("internal error");
      assertThat(store.findInstance(id)).get().extracting(i -> i.status())
          .isEqualTo(InstanceStatus.PROVISION_FAILED);
      assertThat(provision(s, id, "plan-async", "{}", true).status()).isEqualTo(500);
    }
  }

  @Test
  void aHugeFailureDescriptionIsKeptCutToFourThousandCharacters() {
    String huge = "x".repeat(1_000_000);
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        if (request.planId().equals("plan-sync")) {
          throw ServiceBrokerException.unprocessable(huge);
        }
        return ProvisionResult.accepted(AsyncWork.task(() -> {
          throw ServiceBrokerException.unprocessable(huge);
        }));
      }
    };
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    try (TestServer s = new TestServer(builder(provider).store(store).build())) {
      String id = id();
      Reply accepted = provision(s, id, "plan-async", "{}", true);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      Reply r = poll(s, id, accepted.json().get("operation").asText());
      assertThat(r.json().get("state").asText()).isEqualTo("failed");
      String kept = r.json().get("description").asText();
      assertThat(kept).hasSize(4_096).startsWith("xxxx").endsWith("x\u2026");
      // a synchronous failure answers the provider's text once, and keeps no more than the cap
      Reply sync = provision(s, id(), "plan-sync", "{}", false);
      assertThat(sync.status()).isEqualTo(422);
      assertThat(sync.json().get("description").asText()).isEqualTo(huge);
    }
  }

  /** A store that refuses an interrupted thread, as a connection pool would. */
  private static BrokerStore refusingInterruptedThreads(BrokerStore real) {
    return StoreProxy.around(real, (method, args, store) -> {
      if (Thread.currentThread().isInterrupted()) {
        throw new IllegalStateException("interrupted while waiting for a connection");
      }
      return store.proceed(args);
    });
  }

  @Test
  void workThatInterruptsItsOwnThreadStillHasItsOutcomeRecorded() {
    AtomicInteger polls = new AtomicInteger();
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        Thread.currentThread().interrupt(); // e.g. restoring the flag after an InterruptedException
        if (request.planId().equals("plan-sync")) {
          return ProvisionResult.created();
        }
        if (request.planId().equals("plan-provider")) {
          return ProvisionResult.accepted(AsyncWork.trackedByProvider("op-1"));
        }
        boolean gives = request.parameters().containsKey("give-up");
        return ProvisionResult.accepted(AsyncWork.task(() -> {
          Thread.currentThread().interrupt();
          if (gives) {
            throw ServiceBrokerException.unprocessable("Gave up waiting.");
          }
        }));
      }

      @Override
      public LastOperation lastOperation(LastOperationRequest request) {
        polls.incrementAndGet();
        Thread.currentThread().interrupt();
        return LastOperation.succeeded();
      }
    };
    BrokerStore store = refusingInterruptedThreads(new InMemoryBrokerStore());
    try (TestServer s = new TestServer(builder(provider).store(store).build())) {
      for (int i = 0; i < 5; i++) {
        String sync = id();
        assertThat(provision(s, sync, "plan-sync", "{}", false).status()).isEqualTo(201);
        assertThat(provision(s, sync, "plan-sync", "{}", false).status()).isEqualTo(200);
      }
      String async = id();
      Reply accepted = provision(s, async, "plan-async", "{}", true);
      assertThat(accepted.status()).isEqualTo(202);
      assertThat(poll(s, async, accepted.json().get("operation").asText()).json().get("state")
          .asText()).isEqualTo("succeeded");
      String failing = id();
      accepted = provision(s, failing, "plan-async", "{\"give-up\":true}", true);
      Reply failed = poll(s, failing, accepted.json().get("operation").asText());
      assertThat(failed.json().get("state").asText()).isEqualTo("failed");
      assertThat(failed.json().get("description").asText()).isEqualTo("Gave up waiting.");
      String tracked = id();
      accepted = provision(s, tracked, "plan-provider", "{}", true);
      assertThat(accepted.status()).isEqualTo(202);
      for (int i = 0; i < 2; i++) {
        assertThat(poll(s, tracked, accepted.json().get("operation").asText()).json()
            .get("state").asText()).isEqualTo("succeeded");
      }
      assertThat(polls.get()).as("the outcome was recorded at the first poll").isEqualTo(1);
      assertThat(s.call("DELETE", "/v2/service_instances/" + failing
          + "?service_id=svc-1&plan_id=plan-async").send().status()).isIn(200, 410);
    }
  }
  @Test
  void aDashboardUrlThePlatformCouldNotOpenIsAProviderBugThatLeavesNoInstance() {
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).build())) {
      for (String url : new String[] {"javascript:alert(1)", "/dashboard/i1", "dash.example",
          "https://dash.example/a b", "https://dash.example/\u0007", "ftp://dash.example/",
          "https://dash.example/" + "x".repeat(5000)}) {
        String id = id();
        Reply r = provision(s, id, "plan-sync", "{\"fail\":\"dashboard:" + url.replace("\u0007",
            "\\u0007") + "\"}", false);
        assertThat(r.status()).as(url).isEqualTo(500);
        assertThat(s.call("GET", "/v2/service_instances/" + id).send().status()).as(url)
            .isEqualTo(404);
      }
      Reply ok = provision(s, id(), "plan-sync", "{\"fail\":\"dashboard:HTTPS://dash.example/i1\"}",
          false);
      assertThat(ok.status()).isEqualTo(201);
      assertThat(ok.json().get("dashboard_url").asText()).isEqualTo("HTTPS://dash.example/i1");
    }
  }
}

package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.poll;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP, with the state store down: the reads and the IBM Cloud instance state are
 * answered as the changes are, 503 with an OSB error body and {@code Retry-After}, never 500, and
 * answered again once the store is back.
 */
class StoreUnavailableReadsTest {
  private static final String INSTANCES = "/v2/service_instances/";
  private static final String STATE = "/bluemix_v1/service_instances/";

  /** Set: every call to the store fails as unavailable. */
  private final AtomicBoolean down = new AtomicBoolean();
  private final BrokerStore store = StoreProxy.around(new InMemoryBrokerStore(),
      (method, args, target) -> {
        if (down.get()) {
          throw new StoreUnavailableException("down for the test", null);
        }
        return target.proceed(args);
      });
  private final TestServiceBroker provider = new TestServiceBroker();
  private final TestServer server = new TestServer(builder(provider).store(store).build());
  private String id;
  private String bindingId;
  private String provisionOperation;
  private String bindOperation;

  /** An instance made asynchronously, with a binding made asynchronously: two operations. */
  @BeforeEach
  void instanceWithABinding() {
    id = id();
    Reply created = provision(server, id, "plan-async", "{}", true);
    assertThat(created.status()).as(created.toString()).isEqualTo(202);
    provisionOperation = created.json().get("operation").asText();
    Reply done = poll(server, id, provisionOperation);
    assertThat(done.json().get("state").asText()).as(done.toString()).isEqualTo("succeeded");
    bindingId = id();
    Reply bound = server.call("PUT", bindingPath() + "?accepts_incomplete=true")
        .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-async\","
            + "\"parameters\":{\"fail\":\"async\"}}").send();
    assertThat(bound.status()).as(bound.toString()).isEqualTo(202);
    bindOperation = bound.json().get("operation").asText();
    Await.until(() -> !server.call("GET", bindingPath() + "/last_operation?operation="
        + bindOperation).send().body().contains("in progress"), "the bind ended");
  }

  @AfterEach
  void stop() {
    down.set(false);
    server.close();
  }

  private String bindingPath() {
    return INSTANCES + id + "/service_bindings/" + bindingId;
  }

  private static void unavailable(Reply r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(503);
    assertThat(r.header("Retry-After")).as(r.toString()).isEqualTo("5");
    assertThat(r.json().get("description").asText()).as(r.toString())
        .contains("state store is unavailable");
  }

  @Test
  void instanceStateReadAndChangeAreAnswered503WithRetryAfter() {
    down.set(true);
    unavailable(server.call("GET", STATE + id).send());
    unavailable(server.call("PUT", STATE + id).json("{\"enabled\":false}").send());

    down.set(false);
    Reply state = server.call("GET", STATE + id).send();
    assertThat(state.status()).as(state.toString()).isEqualTo(200);
    assertThat(state.json().get("enabled").asBoolean()).as("the refused change applied nothing")
        .isTrue();
  }

  @Test
  void fetchesAreAnswered503WithRetryAfter() {
    down.set(true);
    unavailable(server.call("GET", INSTANCES + id).send());
    unavailable(server.call("GET", bindingPath()).send());

    down.set(false);
    Reply fetched = server.call("GET", INSTANCES + id).send();
    assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
  }

  @Test
  void lastOperationPollsAreAnswered503WithRetryAfter() {
    down.set(true);
    unavailable(server.call("GET", INSTANCES + id + "/last_operation?operation="
        + provisionOperation).send());
    unavailable(server.call("GET", bindingPath() + "/last_operation?operation="
        + bindOperation).send());

    down.set(false);
    assertThat(poll(server, id, provisionOperation).json().get("state").asText())
        .isEqualTo("succeeded");
  }
}

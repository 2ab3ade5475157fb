package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rotation answered asynchronously whose work runs past its deadline is failed by the SDK, as
 * the platform, past the plan's polling limit, treats it as failed. When the platform's
 * identical retry meets that operation still recorded as in progress, the SDK ends it and the
 * retry rotates again with its predecessor (the predecessor is still there), as a retried bind
 * binds again; it was answered 400 "predecessor does not exist" before.
 *
 * <p>The maintenance loop, which also ends overdue work, runs every third of the lease: with the
 * longest lease (10 min) it does not run while the test does, so the retry is what meets the
 * overdue operation (checked in the store before it is sent), whatever the machine's speed.
 */
class RotationRetryAfterOverdueBindTest {
  private static final String SERVICE = "3f1c2b4a-7e65-4d2f-9a10-5b8c6d7e8f90";
  private static final Catalog CATALOG = Catalog.of(ServiceOffering
      .builder(SERVICE, "rotatable-slow", "Rotations that may hang").bindable(true)
      .bindingsRetrievable(true)
      .plan(Plan.builder("rot", "rot", "Rotatable").bindingRotatable(true).build())
      .build());

  /** The first rotation of a binding hangs until the test ends; the others bind at once. */
  private static final class Provider extends ImmediateInstancesProvider {
    final List<BindRequest> binds = new CopyOnWriteArrayList<>();
    final CountDownLatch end = new CountDownLatch(1);

    Provider() {
      super(CATALOG);
    }

    @Override
    public BindResult bind(BindRequest request) {
      binds.add(request);
      boolean first = binds.stream().filter(b -> b.bindingId().equals(request.bindingId()))
          .count() == 1;
      if (request.predecessorBindingId() != null && first) {
        return BindResult.accepted(() -> {
          end.await(30, TimeUnit.SECONDS);
          return BindResult.bound(null);
        });
      }
      return BindResult.bound(Map.of("user", request.bindingId()));
    }
  }

  private final Provider provider = new Provider();
  private final InMemoryBrokerStore store = new InMemoryBrokerStore();
  private final TestServer server = new TestServer(Broker.builder(provider)
      .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
      .store(store).lease(Duration.ofMinutes(10)) // no maintenance round during the test
      .operationTimeout(Duration.ofMillis(300)).build());

  @AfterEach
  void stop() {
    provider.end.countDown();
    server.close();
  }

  @Test
  void retriedRotationThatMeetsItsOverdueOperationRotatesAgainWithThePredecessor()
      throws InterruptedException {
    String instanceId = UUID.randomUUID().toString();
    String instance = "/v2/service_instances/" + instanceId;
    assertThat(server.call("PUT", instance).json("{\"service_id\":\"" + SERVICE + "\","
        + "\"plan_id\":\"rot\",\"context\":{\"platform\":\"cloudfoundry\"}}").send().status())
        .isEqualTo(201);
    String b1 = UUID.randomUUID().toString();
    Reply first = server.call("PUT", instance + "/service_bindings/" + b1).json(
        "{\"service_id\":\"" + SERVICE + "\",\"plan_id\":\"rot\",\"parameters\":{\"x\":1}}")
        .send();
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    String b2Id = UUID.randomUUID().toString();
    String b2 = instance + "/service_bindings/" + b2Id;
    String rotation = "{\"predecessor_binding_id\":\"" + b1 + "\"}";
    Reply hanging = server.call("PUT", b2 + "?accepts_incomplete=true").json(rotation).send();
    assertThat(hanging.status()).as(hanging.toString()).isEqualTo(202);
    String operation = hanging.json().get("operation").asText();
    Thread.sleep(500); // past the 300 ms deadline (a sleep lasts at least this long)
    // nothing ended it meanwhile: the retry is what finds it overdue
    assertThat(store.findOperation(instanceId, b2Id, operation))
        .get().extracting(StoredOperation::inProgress).isEqualTo(true);
    Reply retry = server.call("PUT", b2 + "?accepts_incomplete=true").json(rotation).send();
    assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
    assertThat(provider.binds).hasSize(3);
    BindRequest again = provider.binds.get(2);
    assertThat(again.predecessorBindingId()).isEqualTo(b1);
    assertThat(again.parameters()).isEqualTo(Map.of("x", 1));
  }
}

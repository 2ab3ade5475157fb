package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Over real HTTP: repeats of a provision or bind whose plan (or whole service) left the catalog
 * while, or after, it ran, answered as the same repeats are on a plan of the catalog. A
 * different request for the id of a create that failed gets 409 (OSB: the id exists with
 * different attributes), provision and bind alike; its identical retry, which would call the
 * provider again, gets the catalog's 400. An identical repeat of a synchronous create still
 * running waits for it ({@code repeatWait}) and answers its outcome, instead of 422 at once.
 */
class CatalogChangeRepeatsTest extends CatalogChangeFixture {
  private static final String HOLD = "{\"hold\":true}";
  private static final String FAIL = "{\"fail\":\"runtime\"}";

  /** What left the catalog. */
  enum Change {
    PLAN_REMOVED(Catalog.of(service().plan(Plan.builder("plan-new", "new", "Current plan")
        .build()).build())),
    SERVICE_REMOVED(Catalog.of(ServiceOffering.builder("svc-2", "other-service",
        "Another service").bindable(true)
        .plan(Plan.builder("plan-other", "other", "Other plan").build()).build()));

    final Catalog catalog;

    Change(Catalog catalog) {
      this.catalog = catalog;
    }

    /** What the catalog's 400 for a new create names. */
    String named() {
      return this == PLAN_REMOVED ? "plan-old" : "svc-1";
    }
  }

  private static ServiceOffering.Builder service() {
    return ServiceOffering.builder(TestServiceBroker.SERVICE, "test-service", "A test service")
        .bindable(true).bindingsRetrievable(true);
  }

  /** Creates synchronously; a create with {@code "hold"} waits in the provider until released. */
  private static final class Provider extends CatalogChangeFixture.Provider {
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    Provider() {
      super(Catalog.of(service().plan(Plan.builder("plan-old", "old", "Retired plan").build())
          .plan(Plan.builder("plan-new", "new", "Current plan").build()).build()));
    }

    private void hold(Map<String, Object> parameters) {
      if (parameters.containsKey("hold")) {
        held.countDown();
        try {
          assertThat(release.await(20, TimeUnit.SECONDS)).as("released").isTrue();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      hold(request.parameters());
      return super.provision(request);
    }

    @Override
    public BindResult bind(BindRequest request) {
      hold(request.parameters());
      return super.bind(request);
    }
  }

  private final Provider provider = new Provider();
  private final TestServer server = serve(provider, b -> b.repeatWait(Duration.ofSeconds(15)));
  private final String binding = instance + "/service_bindings/" + id();
  private final ExecutorService platform = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopPlatform() {
    provider.release.countDown();
    platform.shutdownNow();
  }

  private Reply provision(String parameters) {
    return server.call("PUT", instance).json(body("plan-old", parameters)).send();
  }

  private Reply bind(String parameters) {
    return server.call("PUT", binding)
        .json(String.format(BindingTest.BIND, "plan-old", parameters)).send();
  }

  @ParameterizedTest
  @EnumSource(Change.class)
  void aDifferentProvisionForAFailedInstanceOfARemovedPlanConflicts(Change change) {
    Reply failed = provision(FAIL);
    assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
    changeCatalog(change.catalog);
    int calls = provider.provisionCalls.get();

    Reply different = provision("{}");
    Reply retried = provision(FAIL);

    assertThat(different.status()).as(different.toString()).isEqualTo(409);
    assertThat(retried.status()).as(retried.toString()).isEqualTo(400);
    assertThat(retried.json().get("description").asText()).contains(change.named());
    assertThat(provider.provisionCalls).as("the provider's provision is not called")
        .hasValue(calls);
  }

  @ParameterizedTest
  @EnumSource(Change.class)
  void aDifferentBindForAFailedBindingOfARemovedPlanConflicts(Change change) {
    assertThat(provision("{}").status()).isEqualTo(201);
    Reply failed = bind(FAIL);
    assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
    changeCatalog(change.catalog);
    int calls = provider.bindCalls.get();

    Reply different = bind("{}");
    Reply retried = bind(FAIL);

    assertThat(different.status()).as(different.toString()).isEqualTo(409);
    assertThat(retried.status()).as(retried.toString()).isEqualTo(400);
    assertThat(retried.json().get("description").asText()).contains(change.named());
    assertThat(provider.bindCalls).as("the provider's bind is not called").hasValue(calls);
  }

  @ParameterizedTest
  @EnumSource(Change.class)
  void anIdenticalRepeatOfARunningSyncProvisionOfARemovedPlanWaitsForItsOutcome(Change change)
      throws Exception {
    Future<Reply> first = platform.submit(() -> provision(HOLD));
    assertThat(provider.held.await(10, TimeUnit.SECONDS)).as("provision running").isTrue();
    changeCatalog(change.catalog);

    Future<Reply> repeat = platform.submit(() -> provision(HOLD));
    Thread.sleep(500);
    assertThat(repeat).as("the repeat waits for the running provision").isNotDone();
    provider.release.countDown();

    Reply created = first.get(20, TimeUnit.SECONDS);
    Reply repeated = repeat.get(20, TimeUnit.SECONDS);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(repeated.status()).as(repeated.toString()).isEqualTo(200);
    assertThat(provider.provisionCalls).as("the provider's provision is called once")
        .hasValue(1);
  }

  @ParameterizedTest
  @EnumSource(Change.class)
  void anIdenticalRepeatOfARunningSyncBindOfARemovedPlanWaitsForItsOutcome(Change change)
      throws Exception {
    assertThat(provision("{}").status()).isEqualTo(201);
    Future<Reply> first = platform.submit(() -> bind(HOLD));
    assertThat(provider.held.await(10, TimeUnit.SECONDS)).as("bind running").isTrue();
    changeCatalog(change.catalog);

    Future<Reply> repeat = platform.submit(() -> bind(HOLD));
    Thread.sleep(500);
    assertThat(repeat).as("the repeat waits for the running bind").isNotDone();
    provider.release.countDown();

    Reply bound = first.get(20, TimeUnit.SECONDS);
    Reply repeated = repeat.get(20, TimeUnit.SECONDS);
    assertThat(bound.status()).as(bound.toString()).isEqualTo(201);
    assertThat(repeated.status()).as(repeated.toString()).isEqualTo(200);
    assertThat(repeated.json().get("credentials").get("user").asText()).isEqualTo("u");
    assertThat(provider.bindCalls).as("the provider's bind is called once").hasValue(1);
  }
}

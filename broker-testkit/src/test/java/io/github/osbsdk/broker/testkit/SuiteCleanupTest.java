package io.github.osbsdk.broker.testkit;

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
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.testkit.support.ExampleServiceBroker;
import io.github.osbsdk.broker.testkit.support.StubServer;
import io.github.osbsdk.broker.testkit.support.YesBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SuiteCleanupTest {
  @Test
  void aRunLeavesNoInstanceBehindAndPassesWithoutDeclaredCapabilities() {
    ExampleServiceBroker provider = new ExampleServiceBroker();
    Broker broker = Broker.builder(provider)
        .authenticator(BasicAuthenticator.of("broker", "s3cret"))
        .retryAfter(Duration.ofMillis(50)).build();

    SuiteResult result = ConformanceSuite.builder().inProcess(broker)
        .basicAuth("broker", "s3cret").parallelism(2)
        .maxPollInterval(Duration.ofMillis(50)).build().run();

    assertThat(result.failed()).as(result::report).isZero();
    assertThat(provider.instanceIds()).isEmpty();
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("provision.async-required"))
        .anySatisfy(r -> assertThat(r.isPassed()).isTrue());
  }

  /**
   * A broker whose every provision runs in the background refuses a deprovision while the
   * provision runs (422 ConcurrencyError, as the spec allows): the kit's cleanup of an instance
   * whose 202 it did not wait for must wait for the provision and delete it then.
   */
  @Test
  void aRunLeavesNoInstanceBehindWhenProvisionsAreStillRunningAtCleanup() {
    AsyncOnlyBroker provider = new AsyncOnlyBroker();
    Broker broker = Broker.builder(provider)
        .authenticator(BasicAuthenticator.of("broker", "s3cret"))
        .retryAfter(Duration.ofMillis(50)).build();

    SuiteResult result = ConformanceSuite.builder().inProcess(broker)
        .basicAuth("broker", "s3cret").parallelism(2)
        .maxPollInterval(Duration.ofMillis(50)).build().run();

    assertThat(result.failed()).as(result::report).isZero();
    assertThat(provider.instances).as("instances left on the broker").isEmpty();
  }

  /**
   * A broker whose binds take longer than the suite waits: the checks give up on them while
   * they run, and the unbind of the cleanup is refused (422 ConcurrencyError) until the bind has
   * ended, and then accepted asynchronously. The kit must wait for the bind, unbind, wait for the
   * unbind and only then delete the instance.
   */
  @Test
  void aRunLeavesNoBindingBehindWhenBindsAreStillRunningAtCleanup() {
    SlowBindBroker provider = new SlowBindBroker();
    Broker broker = Broker.builder(provider)
        .authenticator(BasicAuthenticator.of("broker", "s3cret"))
        .retryAfter(Duration.ofMillis(50)).build();

    SuiteResult result = ConformanceSuite.builder().inProcess(broker)
        .basicAuth("broker", "s3cret").parallelism(2).asyncTimeout(Duration.ofMillis(800))
        .maxPollInterval(Duration.ofMillis(50)).build().run();

    assertThat(result.results()).as("the binds outlast the async timeout")
        .anyMatch(r -> r.isFailed() && r.message().contains("still in progress"));
    assertThat(provider.bindings).as("bindings left on the broker").isEmpty();
    assertThat(provider.instances).as("instances left on the broker").isEmpty();
  }

  /**
   * A broker that answers a provision only after the request timeout, and whose instance shows
   * up only after that: the cleanup's delete, sent when the provision timed out, gets 410 while
   * the instance does not exist yet. The kit must not take that 410 for gone and must delete the
   * instance once it is there.
   */
  @Test
  void aProvisionThatTimedOutIsDeletedWhenItsInstanceShowsUpAfterA410() throws Exception {
    Set<String> instances = ConcurrentHashMap.newKeySet();
    AtomicInteger provisions = new AtomicInteger();
    AtomicInteger shownUp = new AtomicInteger();
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    try (StubServer stub = YesBroker.start()) {
      stub.handler = seen -> {
        String path = seen.rawPath();
        String id = path.substring(path.lastIndexOf('/') + 1);
        if (!path.startsWith("/v2/service_instances/") || path.contains("/service_bindings")
            || path.endsWith("/last_operation")) {
          return new StubServer.Reply(404, "{}", JSON);
        }
        if (seen.method().equals("PUT")) {
          provisions.incrementAndGet();
          sleep(2500); // longer than the request timeout: the kit gets no answer
          later.schedule(() -> {
            instances.add(id);
            shownUp.incrementAndGet();
          }, 1500, TimeUnit.MILLISECONDS);
          return new StubServer.Reply(201, "{}", JSON);
        }
        if (seen.method().equals("DELETE")) {
          return instances.remove(id) ? new StubServer.Reply(200, "{}", JSON)
              : new StubServer.Reply(410, "{}", JSON);
        }
        return new StubServer.Reply(404, "{}", JSON);
      };

      SuiteResult result = ConformanceSuite.builder().url(stub.url()).parallelism(1)
          .requestTimeout(Duration.ofSeconds(2)).maxPollInterval(Duration.ofMillis(200))
          .skip(Arrays.stream(Rule.values()).map(Rule::id)
              .filter(id -> !id.equals("provision.created")).toArray(String[]::new))
          .build().run();

      assertThat(result.results()).as(result::report)
          .filteredOn(r -> r.ruleId().equals("provision.created")).isNotEmpty()
          .allMatch(CheckResult::isFailed);
      // every instance whose provision was sent has shown up
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (shownUp.get() < provisions.get() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(shownUp).as("instances shown up").hasValue(provisions.get());
      assertThat(instances).as("instances left on the broker").isEmpty();
    } finally {
      later.shutdownNow();
    }
  }

  /**
   * A broker that creates the instance and the binding and then answers 500 (its database write
   * of the answer failed, say): the spec asks the platform to delete what a 5xx may have created
   * (orphan mitigation), so the kit must not drop the cleanup of either.
   */
  @Test
  void aProvisionAndABindAnswered500AreDeletedAllTheSame() throws Exception {
    Set<String> created = ConcurrentHashMap.newKeySet();
    AtomicInteger provisions = new AtomicInteger();
    try (StubServer stub = YesBroker.start()) {
      stub.handler = seen -> {
        String path = seen.rawPath();
        if (!path.startsWith("/v2/service_instances/") || path.endsWith("/last_operation")) {
          return new StubServer.Reply(404, "{}", JSON);
        }
        if (seen.method().equals("PUT")) {
          if (path.contains("/service_bindings/")) {
            created.add(path);
            return new StubServer.Reply(500, "{\"description\":\"lost the answer\"}", JSON);
          }
          created.add(path);
          return provisions.incrementAndGet() == 1 ? new StubServer.Reply(201, "{}", JSON)
              : new StubServer.Reply(500, "{\"description\":\"lost the answer\"}", JSON);
        }
        if (seen.method().equals("DELETE")) {
          return created.remove(path) ? new StubServer.Reply(200, "{}", JSON)
              : new StubServer.Reply(410, "{}", JSON);
        }
        return new StubServer.Reply(404, "{}", JSON);
      };

      SuiteResult result = ConformanceSuite.builder().url(stub.url()).parallelism(1)
          .maxPollInterval(Duration.ofMillis(50))
          .skip(Arrays.stream(Rule.values()).map(Rule::id)
              .filter(id -> !id.equals("bind.created")).toArray(String[]::new))
          .build().run();

      assertThat(result.results()).as(result::report)
          .filteredOn(r -> r.ruleId().equals("bind.created")).isNotEmpty()
          .allMatch(CheckResult::isFailed);
      assertThat(stub.seen).as("a bind was answered 500")
          .anyMatch(s -> s.method().equals("PUT") && s.rawPath().contains("/service_bindings/"));
      assertThat(provisions).as("a provision was answered 500").hasValueGreaterThan(1);
      assertThat(created).as("instances and bindings left on the broker").isEmpty();
    }
  }

  /**
   * A broker that creates whatever a PUT names (whatever the credentials) and then answers 500,
   * and deletes only with the right credentials and when the delete names a plan of the catalog
   * with its service: the checks whose requests name no plan
   * of the catalog (a missing, unknown or mixed plan, a raw or malformed body, a rotation bind)
   * or go through another client (wrong credentials) must delete what the 500 may have created,
   * with the ids of the plan the check created it for.
   */
  @ParameterizedTest
  @ValueSource(strings = {"auth.wrong-credentials", "provision.missing-field",
      "provision.unknown-plan", "provision.plan-of-other-service", "provision.malformed-body",
      "provision.number-out-of-range", "error-body.shape", "bind.rotation"})
  void whatARequestForNoKnownPlanMayHaveCreatedIsDeletedWithTheChecksPlan(String rule)
      throws Exception {
    Set<String> created = ConcurrentHashMap.newKeySet();
    Set<String> plans = Set.of("service_id=svc-a&plan_id=plan-a1",
        "service_id=svc-a&plan_id=plan-a2", "service_id=svc-b&plan_id=plan-b1");
    String basic = "Basic " + Base64.getEncoder()
        .encodeToString("broker:s3cret".getBytes(StandardCharsets.UTF_8));
    try (StubServer stub = YesBroker.start()) {
      stub.handler = seen -> {
        String path = seen.rawPath();
        if (!path.startsWith("/v2/service_instances/") || path.endsWith("/last_operation")) {
          return new StubServer.Reply(404, "{}", JSON);
        }
        if (seen.method().equals("PUT")) {
          created.add(path);
          return rule.equals("bind.rotation") && !seen.body().contains("predecessor_binding_id")
              ? new StubServer.Reply(201, "{}", JSON)
              : new StubServer.Reply(500, "{\"description\":\"lost the answer\"}", JSON);
        }
        if (seen.method().equals("DELETE")) {
          if (!seen.headers().getOrDefault("Authorization", List.of()).contains(basic)) {
            return new StubServer.Reply(401, "{}", JSON); // its deletes check credentials
          }
          String query = seen.rawQuery() == null ? "" : seen.rawQuery();
          if (plans.stream().noneMatch(query::contains)) {
            return new StubServer.Reply(400, "{\"description\":\"which plan?\"}", JSON);
          }
          return created.remove(path) ? new StubServer.Reply(200, "{}", JSON)
              : new StubServer.Reply(410, "{}", JSON);
        }
        return new StubServer.Reply(404, "{}", JSON);
      };

      SuiteResult result = ConformanceSuite.builder().url(stub.url())
          .basicAuth("broker", "s3cret").parallelism(1).maxPollInterval(Duration.ofMillis(50))
          .capabilities(Capabilities.builder().rotation(true).build())
          .skip(Arrays.stream(Rule.values()).map(Rule::id)
              .filter(id -> !id.equals(rule)).toArray(String[]::new))
          .build().run();

      assertThat(result.results()).as(result::report)
          .filteredOn(r -> r.ruleId().equals(rule)).isNotEmpty();
      assertThat(stub.seen).as("the check sent a create")
          .anyMatch(s -> s.method().equals("PUT"));
      assertThat(created).as("instances and bindings left on the broker").isEmpty();
    }
  }

  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One bindable service: instances at once, binds in 1.2 s, unbinds in the background. */
  private static final class SlowBindBroker implements ServiceBroker {
    final Set<String> instances = ConcurrentHashMap.newKeySet();
    final Set<String> bindings = ConcurrentHashMap.newKeySet();

    @Override
    public Catalog catalog() {
      return Catalog.of(ServiceOffering.builder("svc-bind", "bind", "Slow to bind")
          .bindable(true).bindingsRetrievable(true)
          .plan(Plan.builder("plan-bind", "standard", "Standard").build())
          .build());
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      instances.add(request.instanceId());
      return ProvisionResult.created();
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      instances.remove(request.instanceId());
      return DeprovisionResult.deleted();
    }

    @Override
    public BindResult bind(BindRequest request) {
      if (!request.acceptsIncomplete()) {
        throw ServiceBrokerException.asyncRequired();
      }
      bindings.add(request.instanceId() + "/" + request.bindingId());
      return BindResult.accepted(() -> {
        Thread.sleep(1200);
        return BindResult.bound(null);
      });
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      if (!request.acceptsIncomplete()) {
        throw ServiceBrokerException.asyncRequired();
      }
      return UnbindResult.accepted(AsyncWork.task(() -> {
        Thread.sleep(100);
        bindings.remove(request.instanceId() + "/" + request.bindingId());
      }));
    }
  }

  /** One non-bindable service whose only plan provisions and deprovisions in the background. */
  private static final class AsyncOnlyBroker implements ServiceBroker {
    final Set<String> instances = ConcurrentHashMap.newKeySet();

    @Override
    public Catalog catalog() {
      return Catalog.of(ServiceOffering.builder("svc-slow", "slow", "Slow to create")
          .bindable(false).instancesRetrievable(true)
          .plan(Plan.builder("plan-slow", "standard", "Standard").build()).build());
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      if (!request.acceptsIncomplete()) {
        throw ServiceBrokerException.asyncRequired();
      }
      instances.add(request.instanceId());
      return ProvisionResult.accepted(AsyncWork.task(() -> Thread.sleep(600)));
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      if (!request.acceptsIncomplete()) {
        throw ServiceBrokerException.asyncRequired();
      }
      return DeprovisionResult.accepted(AsyncWork.task(() -> {
        Thread.sleep(100);
        instances.remove(request.instanceId());
      }));
    }
  }
}

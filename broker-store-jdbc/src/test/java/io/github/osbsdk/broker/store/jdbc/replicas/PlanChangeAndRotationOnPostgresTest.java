package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the PostgreSQL registry answers after a plan change and a binding rotation, read by the
 * replica that did not make the change: an instance whose plan changed without
 * {@code maintenance_info} has none (the old plan's version is not kept), and a rotated binding
 * has its predecessor's parameters.
 */
class PlanChangeAndRotationOnPostgresTest {
  private static final String SERVICE = "svc-mi-rot";
  private static final Catalog CATALOG = Catalog.of(ServiceOffering
      .builder(SERVICE, "mi-rot", "Maintained plans with rotatable bindings").bindable(true)
      .instancesRetrievable(true).bindingsRetrievable(true).planUpdateable(true)
      .plan(Plan.builder("async", "async", "Maintained").bindingRotatable(true)
          .maintenanceInfo(MaintenanceInfo.of("2.0.0")).build())
      .plan(Plan.builder("other", "other", "No maintenance info").build())
      .build());

  /** Asynchronous whenever the platform accepts it; records the binds. */
  private static final class Provider implements ServiceBroker {
    final List<BindRequest> binds = new CopyOnWriteArrayList<>();
    final List<String> unbinds = new CopyOnWriteArrayList<>();
    /** Binding ids whose next bind throws, as a provider whose backend failed. */
    final Set<String> failNext = ConcurrentHashMap.newKeySet();

    @Override
    public Catalog catalog() {
      return CATALOG;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      return request.acceptsIncomplete() ? ProvisionResult.accepted(AsyncWork.task(() -> { }))
          : ProvisionResult.created();
    }

    @Override
    public UpdateResult update(UpdateRequest request) {
      return request.acceptsIncomplete() ? UpdateResult.accepted(AsyncWork.task(() -> { }))
          : UpdateResult.updated();
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      return DeprovisionResult.deleted();
    }

    @Override
    public BindResult bind(BindRequest request) {
      binds.add(request);
      if (failNext.remove(request.bindingId())) {
        throw new IllegalStateException("the backend failed");
      }
      return BindResult.bound(Map.of("user", "u"));
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      unbinds.add(request.bindingId());
      return UnbindResult.unbound();
    }
  }

  private final Provider provider = new Provider();
  private ReplicaServer a;
  private ReplicaServer b;

  @BeforeEach
  void start() {
    a = ReplicaServer.onTestDatabase("mi-rot-a", pool -> ReplicaServer.replica(provider, pool));
    b = ReplicaServer.onTestDatabase("mi-rot-b", pool -> ReplicaServer.replica(provider, pool));
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  private static void succeeded(ReplicaServer replica, String path, Reply accepted)
      throws InterruptedException {
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    Reply done = replica.awaitFinished(path.substring(path.lastIndexOf('/') + 1),
        accepted.json().path("operation").asText(null), Duration.ofSeconds(30));
    assertThat(done.json().path("state").asText()).as(done.toString()).isEqualTo("succeeded");
  }

  private static JsonNode fetched(ReplicaServer replica, String path) {
    Reply r = replica.send("GET", path, null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  @Test
  void asyncPlanChangeWithoutMaintenanceInfoLeavesTheStoredInstanceWithoutOne()
      throws InterruptedException {
    String path = "/v2/service_instances/" + UUID.randomUUID();
    succeeded(a, path, a.send("PUT", path + "?accepts_incomplete=true", "{\"service_id\":\""
        + SERVICE + "\",\"plan_id\":\"async\",\"maintenance_info\":{\"version\":\"2.0.0\"},"
        + "\"context\":{\"platform\":\"cloudfoundry\"}}"));
    assertThat(fetched(b, path).at("/maintenance_info/version").asText()).isEqualTo("2.0.0");
    succeeded(b, path, b.send("PATCH", path + "?accepts_incomplete=true", "{\"service_id\":\""
        + SERVICE + "\",\"plan_id\":\"other\",\"previous_values\":{\"plan_id\":\"async\"}}"));
    JsonNode after = fetched(a, path);
    assertThat(after.get("plan_id").asText()).isEqualTo("other");
    assertThat(after.has("maintenance_info")).as(after.toString()).isFalse();
  }

  @Test
  void rotatedBindingHasItsPredecessorsParametersOnEveryReplica() {
    String instance = "/v2/service_instances/" + UUID.randomUUID();
    Reply created = a.send("PUT", instance, "{\"service_id\":\"" + SERVICE + "\","
        + "\"plan_id\":\"async\",\"context\":{\"platform\":\"cloudfoundry\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String b1 = UUID.randomUUID().toString();
    Reply first = a.send("PUT", instance + "/service_bindings/" + b1, "{\"service_id\":\""
        + SERVICE + "\",\"plan_id\":\"async\",\"bind_resource\":{\"app_guid\":\"app-1\"},"
        + "\"parameters\":{\"x\":1}}");
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    String b2 = instance + "/service_bindings/" + UUID.randomUUID();
    Reply rotated = b.send("PUT", b2, "{\"predecessor_binding_id\":\"" + b1 + "\"}");
    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
    BindRequest seen = provider.binds.get(provider.binds.size() - 1);
    assertThat(seen.parameters()).isEqualTo(Map.of("x", 1));
    assertThat(seen.bindResource().appGuid()).isEqualTo("app-1");
    assertThat(fetched(a, b2).at("/parameters/x").asInt()).isEqualTo(1);
    assertThat(a.send("PUT", b2, "{\"predecessor_binding_id\":\"" + b1 + "\"}").status())
        .isEqualTo(200);
  }

  /** An instance on replica a with a binding b1 made with parameters {"x":1}; its path. */
  private String instanceWithABinding(String b1) {
    String instance = "/v2/service_instances/" + UUID.randomUUID();
    Reply created = a.send("PUT", instance, "{\"service_id\":\"" + SERVICE + "\","
        + "\"plan_id\":\"async\",\"context\":{\"platform\":\"cloudfoundry\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    Reply first = a.send("PUT", instance + "/service_bindings/" + b1, "{\"service_id\":\""
        + SERVICE + "\",\"plan_id\":\"async\",\"parameters\":{\"x\":1}}");
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    return instance;
  }

  private static Reply unbind(ReplicaServer replica, String binding) {
    return replica.send("DELETE", binding + "?service_id=" + SERVICE + "&plan_id=async", null);
  }

  @Test
  void retryOfAFailedRotationOnTheOtherReplicaBindsAndItsUnbindReachesTheProvider() {
    String b1 = UUID.randomUUID().toString();
    String b2id = UUID.randomUUID().toString();
    String b2 = instanceWithABinding(b1) + "/service_bindings/" + b2id;
    String rotation = "{\"predecessor_binding_id\":\"" + b1 + "\"}";
    provider.failNext.add(b2id);
    assertThat(b.send("PUT", b2, rotation).status()).isEqualTo(500);
    Reply retry = a.send("PUT", b2, rotation);
    assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
    assertThat(provider.binds.get(provider.binds.size() - 1).parameters())
        .isEqualTo(Map.of("x", 1));
    Reply unbound = unbind(b, b2);
    assertThat(unbound.status()).as(unbound.toString()).isEqualTo(200);
    assertThat(provider.unbinds).containsExactly(b2id);
  }

  @Test
  void refusedRetryOfAFailedRotationKeepsItsBindingForTheUnbind() {
    String b1 = UUID.randomUUID().toString();
    String b2id = UUID.randomUUID().toString();
    String instance = instanceWithABinding(b1);
    String b2 = instance + "/service_bindings/" + b2id;
    String rotation = "{\"predecessor_binding_id\":\"" + b1 + "\"}";
    provider.failNext.add(b2id);
    assertThat(b.send("PUT", b2, rotation).status()).isEqualTo(500);
    assertThat(unbind(a, instance + "/service_bindings/" + b1).status()).isEqualTo(200);
    Reply retry = a.send("PUT", b2, rotation);
    assertThat(retry.status()).as(retry.toString()).isEqualTo(400);
    Reply unbound = unbind(b, b2);
    assertThat(unbound.status()).as(unbound.toString()).isEqualTo(200);
    assertThat(provider.unbinds).containsExactly(b1, b2id);
  }
}

package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Binding rotation ({@code predecessor_binding_id}): the new binding is made with what its
 * predecessor was made with, which the provider gets and a fetch answers; the predecessor stays
 * until the platform unbinds it; an identical repeat is a repeat.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BindingRotationTest {
  private static final String SERVICE = "svc-rot";
  private static final Catalog CATALOG = Catalog.of(ServiceOffering
      .builder(SERVICE, "rotatable", "Bindings that rotate").bindable(true)
      .bindingsRetrievable(true)
      .plan(Plan.builder("rot", "rot", "Rotatable").bindingRotatable(true).build())
      .build());

  /** Records every bind; answers asynchronously when the parameters ask for it. */
  private static final class Provider extends ImmediateInstancesProvider {
    final List<BindRequest> binds = new CopyOnWriteArrayList<>();
    final List<String> unbinds = new CopyOnWriteArrayList<>();
    /** Binding ids whose next bind throws, as a provider whose backend failed. */
    final Set<String> failNext = ConcurrentHashMap.newKeySet();

    Provider() {
      super(CATALOG);
    }

    @Override
    public BindResult bind(BindRequest request) {
      binds.add(request);
      if (failNext.remove(request.bindingId())) {
        throw new IllegalStateException("the backend failed");
      }
      if (Boolean.TRUE.equals(request.parameters().get("async"))) {
        return BindResult.accepted(() -> BindResult.bound(null));
      }
      return BindResult.bound(Map.of("user", request.bindingId()));
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      unbinds.add(request.bindingId());
      return UnbindResult.unbound();
    }
  }

  private final Provider provider = new Provider();
  private final TestServer server = new TestServer(Broker.builder(provider)
      .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD)).build());

  @AfterAll
  void stop() {
    server.close();
  }

  private String instance() {
    String path = "/v2/service_instances/" + UUID.randomUUID();
    Reply r = server.call("PUT", path).json("{\"service_id\":\"" + SERVICE + "\","
        + "\"plan_id\":\"rot\",\"context\":{\"platform\":\"cloudfoundry\"}}").send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return path + "/service_bindings/";
  }

  private Reply put(String path, String query, String body) {
    return server.call("PUT", path + query).json(body).send();
  }

  private JsonNode fetch(String path) {
    Reply r = server.call("GET", path).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /** A binding made with parameters {@code parameters} for app-1, in space s1. */
  private String bound(String bindings, String parameters) {
    String path = bindings + UUID.randomUUID();
    Reply r = put(path, "", "{\"service_id\":\"" + SERVICE + "\",\"plan_id\":\"rot\","
        + "\"bind_resource\":{\"app_guid\":\"app-1\"},\"parameters\":" + parameters + ","
        + "\"context\":{\"platform\":\"cloudfoundry\",\"space_guid\":\"s1\"}}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return path;
  }

  private static String rotation(String predecessorPath, String extra) {
    return "{\"predecessor_binding_id\":\""
        + predecessorPath.substring(predecessorPath.lastIndexOf('/') + 1) + "\"" + extra + "}";
  }

  private BindRequest lastBind() {
    return provider.binds.get(provider.binds.size() - 1);
  }

  @Test
  void rotationGivesTheProviderThePredecessorsParametersAndRecordsThemForTheNewBinding() {
    String bindings = instance();
    String b1 = bound(bindings, "{\"x\":1}");
    String b2 = bindings + UUID.randomUUID();
    Reply rotated = put(b2, "", rotation(b1, ""));
    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
    BindRequest seen = lastBind();
    assertThat(seen.predecessorBindingId()).isEqualTo(b1.substring(b1.lastIndexOf('/') + 1));
    assertThat(seen.parameters()).isEqualTo(Map.of("x", 1));
    assertThat(seen.bindResource().appGuid()).isEqualTo("app-1");
    assertThat(seen.context().string("space_guid")).isEqualTo("s1");
    JsonNode fetched = fetch(b2);
    assertThat(fetched.at("/parameters/x").asInt()).as(fetched.toString()).isEqualTo(1);
    // the predecessor is the platform's to unbind: it is still there, as it was
    assertThat(fetch(b1).at("/parameters/x").asInt()).isEqualTo(1);
  }

  @Test
  void identicalRepeatOfARotationIsServedFromTheRegistryWithoutCallingTheProvider() {
    String bindings = instance();
    String b1 = bound(bindings, "{\"x\":1}");
    String b2 = bindings + UUID.randomUUID();
    assertThat(put(b2, "", rotation(b1, "")).status()).isEqualTo(201);
    int binds = provider.binds.size();
    Reply repeat = put(b2, "", rotation(b1, ""));
    assertThat(repeat.status()).as(repeat.toString()).isEqualTo(200);
    // rotating another binding onto the same id is not that request
    String other = bound(bindings, "{\"x\":1}");
    assertThat(put(b2, "", rotation(other, "")).status()).isEqualTo(409);
    assertThat(provider.binds).hasSize(binds + 1);
  }

  @Test
  void rotationSendingItsOwnContextGivesTheProviderThatContext() {
    String bindings = instance();
    String b1 = bound(bindings, "{\"x\":1}");
    Reply r = put(bindings + UUID.randomUUID(), "", rotation(b1,
        ",\"context\":{\"platform\":\"cloudfoundry\",\"space_guid\":\"s2\"}"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(lastBind().context().string("space_guid")).isEqualTo("s2");
    assertThat(lastBind().parameters()).isEqualTo(Map.of("x", 1));
  }

  @Test
  void rotationSendingOtherParametersOrAnotherAppIsBadRequestAndReachesNoProvider() {
    String bindings = instance();
    String b1 = bound(bindings, "{\"x\":1}");
    int binds = provider.binds.size();
    for (String extra : new String[] {",\"parameters\":{\"x\":2}",
        ",\"bind_resource\":{\"app_guid\":\"app-2\"}", ",\"app_guid\":\"app-2\""}) {
      Reply r = put(bindings + UUID.randomUUID(), "", rotation(b1, extra));
      assertThat(r.status()).as(extra + " " + r).isEqualTo(400);
      assertThat(r.json().get("description").asText()).contains("predecessor");
    }
    assertThat(provider.binds).hasSize(binds);
    // sending the predecessor's own values is a rotation like any other
    Reply same = put(bindings + UUID.randomUUID(), "", rotation(b1,
        ",\"parameters\":{\"x\":1},\"bind_resource\":{\"app_guid\":\"app-1\"}"));
    assertThat(same.status()).as(same.toString()).isEqualTo(201);
    assertThat(lastBind().parameters()).isEqualTo(Map.of("x", 1));
  }

  @Test
  void asynchronousRotationRecordsThePredecessorsParametersForTheFetch() {
    String bindings = instance();
    String b1 = bindings + UUID.randomUUID();
    String async = "?accepts_incomplete=true";
    Reply first = put(b1, async, "{\"service_id\":\"" + SERVICE + "\",\"plan_id\":\"rot\","
        + "\"parameters\":{\"async\":true,\"x\":3}}");
    assertThat(first.status()).as(first.toString()).isEqualTo(202);
    awaitSucceeded(b1);
    String b2 = bindings + UUID.randomUUID();
    Reply rotated = put(b2, async, rotation(b1, ""));
    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(202);
    awaitSucceeded(b2);
    assertThat(fetch(b2).get("parameters")).isEqualTo(fetch(b1).get("parameters"));
    assertThat(fetch(b2).at("/parameters/x").asInt()).isEqualTo(3);
  }

  /** The binding id of a binding path. */
  private static String id(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private Reply unbind(String path) {
    return server.call("DELETE", path + "?service_id=" + SERVICE + "&plan_id=rot").send();
  }

  /**
   * A rotation whose provider call failed (500) left its binding for the platform's orphan
   * mitigation: the identical retry makes it again with the predecessor, and its unbind reaches
   * the provider.
   */
  @Test
  void retryOfARotationWhoseProviderCallFailedBindsAndItsUnbindReachesTheProvider() {
    String bindings = instance();
    String b1 = bound(bindings, "{\"x\":1}");
    String b2 = bindings + UUID.randomUUID();
    provider.failNext.add(id(b2));
    Reply failed = put(b2, "", rotation(b1, ""));
    assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
    Reply retry = put(b2, "", rotation(b1, ""));
    assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
    assertThat(lastBind().bindingId()).isEqualTo(id(b2));
    assertThat(lastBind().parameters()).isEqualTo(Map.of("x", 1));
    assertThat(fetch(b2).at("/parameters/x").asInt()).isEqualTo(1);
    Reply unbound = unbind(b2);
    assertThat(unbound.status()).as(unbound.toString()).isEqualTo(200);
    assertThat(provider.unbinds).contains(id(b2));
  }

  /**
   * A retry of a failed rotation once its predecessor was unbound is refused (400), but the
   * binding the failed call may have left at the provider stays known: its unbind reaches it.
   */
  @Test
  void refusedRetryOfAFailedRotationKeepsItsBindingForTheUnbind() {
    String bindings = instance();
    String b1 = bound(bindings, "{\"x\":1}");
    String b2 = bindings + UUID.randomUUID();
    provider.failNext.add(id(b2));
    assertThat(put(b2, "", rotation(b1, "")).status()).isEqualTo(500);
    assertThat(unbind(b1).status()).isEqualTo(200);
    int binds = provider.binds.size();
    Reply retry = put(b2, "", rotation(b1, ""));
    assertThat(retry.status()).as(retry.toString()).isEqualTo(400);
    assertThat(retry.json().get("description").asText()).contains("predecessor");
    assertThat(provider.binds).hasSize(binds);
    Reply unbound = unbind(b2);
    assertThat(unbound.status()).as(unbound.toString()).isEqualTo(200);
    assertThat(provider.unbinds).contains(id(b2));
  }

  private void awaitSucceeded(String binding) {
    Await.until(() -> "succeeded".equals(server.call("GET", binding + "/last_operation").send()
        .json().path("state").asText()), "the bind of " + binding + " succeeded");
  }
}

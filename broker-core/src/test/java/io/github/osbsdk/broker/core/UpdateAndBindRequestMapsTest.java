package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.internal.JacksonConfiguration;
import io.github.osbsdk.broker.core.internal.JsonFields;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP: the {@code context}, {@code parameters} and {@code bind_resource} maps an update
 * and a bind hand the provider are the request's objects, deeply unmodifiable and in the request's
 * order at every depth, and are the very maps (same content, order and classes at every depth,
 * {@code Map.of()} for an empty object) that copying the body's mutable maps into the SPI's
 * records makes ({@code JsonCopies.map} of {@code JsonFields.toMap}), however the SDK builds them.
 */
class UpdateAndBindRequestMapsTest {
  private static final ObjectMapper MAPPER = JacksonConfiguration.newMapper();
  private static final String CONTEXT = "{\"platform\":\"ibmcloud\",\"zone\":\"z1\","
      + "\"account_id\":\"acc\",\"deep\":{\"y\":[1,{\"q\":null,\"b\":2}],\"x\":{},\"a\":[]},"
      + "\"crn\":\"crn:v1:x\"}";
  private static final String PARAMETERS = "{\"zeta\":1,\"alpha\":{\"k2\":\"v\",\"k1\":[3,2.5,"
      + "12345678901234,123456789012345678901234567890,true,null,-0.0,1e300]},\"empty\":{},"
      + "\"list\":[[],[{\"m\":{\"n\":[\"o\"]}}]],\"nil\":null,\"b\":false}";
  private static final String BIND_RESOURCE = "{\"route\":\"r.example.com\",\"app_guid\":\"app-1\","
      + "\"extra\":{\"w\":[{\"v\":1}],\"u\":{}}}";

  private volatile UpdateRequest updated;
  private volatile BindRequest bound;
  private final TestServiceBroker provider = new TestServiceBroker() {
    @Override
    public UpdateResult update(UpdateRequest request) {
      updated = request;
      return super.update(request);
    }

    @Override
    public BindResult bind(BindRequest request) {
      bound = request;
      return super.bind(request);
    }
  };
  private final TestServer server = new TestServer(builder(provider).build());

  @AfterEach
  void stop() {
    server.close();
  }

  private String instance() {
    String id = id();
    Reply created = provision(server, id, "plan-sync", "{}", false);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return id;
  }

  private Reply update(String id, String fields) {
    return server.call("PATCH", "/v2/service_instances/" + id)
        .json("{\"service_id\":\"svc-1\"" + fields + "}").send();
  }

  private Reply bind(String id, String fields) {
    return server.call("PUT", "/v2/service_instances/" + id + "/service_bindings/" + id())
        .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\"" + fields + "}").send();
  }

  @Test
  void updateHandsTheProviderTheRequestsMapsUnmodifiableAtEveryDepthInTheirOrder() {
    Reply r = update(instance(), ",\"context\":" + CONTEXT + ",\"parameters\":" + PARAMETERS);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);

    assertSameAsTheCopiedBody(updated.context().properties(), CONTEXT);
    assertSameAsTheCopiedBody(updated.parameters(), PARAMETERS);
    assertRequestOrder(updated.context().properties(), updated.parameters());
  }

  @Test
  void bindHandsTheProviderTheRequestsMapsUnmodifiableAtEveryDepthInTheirOrder() {
    Reply r = bind(instance(), ",\"context\":" + CONTEXT + ",\"parameters\":" + PARAMETERS
        + ",\"bind_resource\":" + BIND_RESOURCE);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);

    assertSameAsTheCopiedBody(bound.context().properties(), CONTEXT);
    assertSameAsTheCopiedBody(bound.parameters(), PARAMETERS);
    assertSameAsTheCopiedBody(bound.bindResource().properties(), BIND_RESOURCE);
    assertRequestOrder(bound.context().properties(), bound.parameters());
    assertThat(bound.bindResource().properties().keySet()).containsExactly("route", "app_guid",
        "extra");
    assertThat(keys(bound.bindResource().properties().get("extra")))
        .containsExactly("w", "u");
  }

  private static List<Object> keys(Object map) {
    return new ArrayList<>(((Map<?, ?>) map).keySet());
  }

  /** The keys in the order the request sent them, nested ones included. */
  private static void assertRequestOrder(Map<String, Object> context,
      Map<String, Object> parameters) {
    assertThat(context.keySet()).containsExactly("platform", "zone", "account_id", "deep", "crn");
    assertThat(keys(context.get("deep"))).containsExactly("y", "x", "a");
    assertThat(parameters.keySet()).containsExactly("zeta", "alpha", "empty", "list", "nil", "b");
    assertThat(keys(parameters.get("alpha"))).containsExactly("k2", "k1");
  }

  @Test
  void emptyObjectsOfAnUpdateAndABindAreTheEmptyMap() {
    String id = instance();
    Reply u = update(id, ",\"context\":{},\"parameters\":{}");
    assertThat(u.status()).as(u.toString()).isEqualTo(200);
    Reply b = bind(id, ",\"context\":{},\"parameters\":{},\"bind_resource\":{}");
    assertThat(b.status()).as(b.toString()).isEqualTo(201);

    assertThat(updated.context().properties()).isSameAs(Map.of());
    assertThat(updated.parameters()).isSameAs(Map.of());
    assertThat(bound.context().properties()).isSameAs(Map.of());
    assertThat(bound.parameters()).isSameAs(Map.of());
    assertThat(bound.bindResource().properties()).isSameAs(Map.of());
  }

  @Test
  void absentObjectsOfAnUpdateAndABindStayAbsentOrEmpty() {
    String id = instance();
    Reply u = update(id, "");
    assertThat(u.status()).as(u.toString()).isEqualTo(200);
    Reply b = bind(id, "");
    assertThat(b.status()).as(b.toString()).isEqualTo(201);

    assertThat(updated.context()).isNull();
    assertThat(updated.parameters()).isSameAs(Map.of());
    assertThat(bound.context()).isNull();
    assertThat(bound.parameters()).isSameAs(Map.of());
    assertThat(bound.bindResource()).isNull();
  }

  /**
   * The map equals, in order and class at every depth, the copy the SPI's records make of the
   * body's mutable map, and nothing in it can be changed.
   */
  private static void assertSameAsTheCopiedBody(Map<String, Object> received, String json) {
    Map<String, Object> copied;
    try {
      copied = JsonCopies.map(new JsonFields(MAPPER).toMap((ObjectNode) MAPPER.readTree(json)));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    assertThat(received).isEqualTo(copied);
    assertThat(shape(received)).isEqualTo(shape(copied));
    assertUnmodifiable(received);
  }

  /** The value with every container as its class name and its entries in order. */
  private static Object shape(Object value) {
    if (value instanceof Map<?, ?> m) {
      List<Object> entries = new ArrayList<>();
      m.forEach((k, v) -> entries.add(List.of(String.valueOf(k), shape(v))));
      return List.of(m.getClass().getName(), entries);
    }
    if (value instanceof List<?> l) {
      List<Object> elements = new ArrayList<>();
      l.forEach(e -> elements.add(shape(e)));
      return List.of(l.getClass().getName(), elements);
    }
    return value == null ? "null" : value.getClass().getName() + ":" + value;
  }

  /** Tries every change on every map and list in the value. */
  @SuppressWarnings("unchecked")
  private static void assertUnmodifiable(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> map = (Map<Object, Object>) m;
      assertThatThrownBy(() -> map.put("new", 1)).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> map.putAll(Map.of("new", 1)))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
      if (!map.isEmpty()) {
        Object key = map.keySet().iterator().next();
        assertThatThrownBy(() -> map.remove(key)).isInstanceOf(UnsupportedOperationException.class);
        Map.Entry<Object, Object> entry = map.entrySet().iterator().next();
        assertThatThrownBy(() -> entry.setValue(1))
            .isInstanceOf(UnsupportedOperationException.class);
        Iterator<Object> keys = map.keySet().iterator();
        keys.next();
        assertThatThrownBy(keys::remove).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.values().clear())
            .isInstanceOf(UnsupportedOperationException.class);
      }
      map.values().forEach(UpdateAndBindRequestMapsTest::assertUnmodifiable);
    } else if (value instanceof List<?> l) {
      List<Object> list = (List<Object>) l;
      assertThatThrownBy(() -> list.add(1)).isInstanceOf(UnsupportedOperationException.class);
      if (!list.isEmpty()) {
        assertThatThrownBy(list::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.set(0, 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class);
      }
      list.forEach(UpdateAndBindRequestMapsTest::assertUnmodifiable);
    }
  }
}

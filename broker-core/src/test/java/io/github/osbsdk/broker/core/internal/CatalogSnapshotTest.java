package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.nio.charset.StandardCharsets;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogSnapshotTest {
  private static Catalog catalog(List<String> keyOrder) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    Map<String, Object> nested = new LinkedHashMap<>();
    for (String k : keyOrder) {
      metadata.put(k, k.toUpperCase(java.util.Locale.ROOT));
      nested.put(k, 1);
    }
    metadata.put("nested", nested);
    return Catalog.of(ServiceOffering.builder("s", "n", "d").metadata(metadata)
        .plan(Plan.builder("p", "n", "d").build()).build());
  }

  @Test
  void theSameCatalogHasTheSameEtagWhateverItsMapsIterationOrder() {
    // Map.of iterates in a per-JVM random order: replicas must still agree on the ETag
    CatalogSnapshot a = new CatalogSnapshot(catalog(List.of("a", "b", "c", "d")),
        JacksonConfiguration.newMapper());
    CatalogSnapshot b = new CatalogSnapshot(catalog(List.of("d", "c", "b", "a")),
        JacksonConfiguration.newMapper());
    assertThat(a.etag()).isEqualTo(b.etag());
    assertThat(a.json()).isEqualTo(b.json());
    CatalogSnapshot other = new CatalogSnapshot(catalog(List.of("a", "b", "c", "e")),
        JacksonConfiguration.newMapper());
    assertThat(other.etag()).isNotEqualTo(a.etag());
  }

  /** A set that iterates in the order given, as Set.of does in a per-JVM random one. */
  private static Set<Object> unordered(Object... elements) {
    List<Object> order = List.of(elements);
    return new AbstractSet<>() {
      @Override
      public Iterator<Object> iterator() {
        return order.iterator();
      }

      @Override
      public int size() {
        return order.size();
      }
    };
  }

  private static Catalog catalogWithSets(Set<Object> required, Set<Object> tags) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", "http://json-schema.org/draft-04/schema#");
    schema.put("type", "object");
    schema.put("required", required);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("tags", tags);
    return Catalog.of(ServiceOffering.builder("s", "n", "d").metadata(metadata)
        .plan(Plan.builder("p", "n", "d").schemas(Schemas.builder()
            .instanceCreate(schema).build()).build())
        .build());
  }

  @Test
  void theSameCatalogHasTheSameEtagWhateverItsSetsIterationOrder() {
    // Set.of iterates in a per-JVM random order too: replicas must still agree on the ETag
    CatalogSnapshot a = new CatalogSnapshot(catalogWithSets(unordered("x", "y", "z"),
        unordered(Map.of("k", 2, "j", 1), 3, "t")), JacksonConfiguration.newMapper());
    CatalogSnapshot b = new CatalogSnapshot(catalogWithSets(unordered("z", "x", "y"),
        unordered("t", 3, Map.of("j", 1, "k", 2))), JacksonConfiguration.newMapper());
    assertThat(a.etag()).isEqualTo(b.etag());
    assertThat(new String(a.json(), StandardCharsets.UTF_8))
        .isEqualTo(new String(b.json(), StandardCharsets.UTF_8))
        .contains("\"required\":[\"x\",\"y\",\"z\"]");
    // an ordered set keeps the provider's order
    Set<Object> ordered = new LinkedHashSet<>(List.of("z", "x", "y"));
    CatalogSnapshot c = new CatalogSnapshot(catalogWithSets(ordered, unordered()),
        JacksonConfiguration.newMapper());
    assertThat(new String(c.json(), StandardCharsets.UTF_8))
        .contains("\"required\":[\"z\",\"x\",\"y\"]");
  }

  @Test
  void aRefusalIsHandedOutWithTheStatusAndDescriptionALookupThrows() {
    CatalogSnapshot snapshot = new CatalogSnapshot(Catalog.of(
        ServiceOffering.builder("s", "n", "d").plan(Plan.builder("p", "n", "d").build()).build(),
        ServiceOffering.builder("t", "m", "d").plan(Plan.builder("q", "m", "d").build()).build()),
        JacksonConfiguration.newMapper());
    String[][] requests = {{"x", "p"}, {"s", "x"}, {"s", "q"}};

    for (String[] r : requests) {
      ServiceBrokerException handedOut = snapshot.refusal(r[0], r[1]);
      assertThatThrownBy(() -> snapshot.plan(r[0], r[1])).isInstanceOfSatisfying(
          ServiceBrokerException.class, thrown -> {
            assertThat(handedOut.status()).isEqualTo(400).isEqualTo(thrown.status());
            assertThat(handedOut.description()).isEqualTo(thrown.description());
          });
    }
    assertThat(snapshot.refusal("s", "p")).as("the catalog has it").isNull();
    assertThat(CatalogSnapshot.unknownService("x").description())
        .isEqualTo("Unknown service_id 'x'.");
  }
}

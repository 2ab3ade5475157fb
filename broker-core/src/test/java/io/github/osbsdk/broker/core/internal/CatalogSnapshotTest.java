package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
}

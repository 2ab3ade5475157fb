package io.github.osbsdk.broker.testkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.binding.Endpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BindResponseTest {
  @Test
  void changingTheSourceMapsAndListsLaterLeavesTheResponseAsItWas() {
    Map<String, Object> nested = new HashMap<>();
    nested.put("user", "u");
    Map<String, Object> credentials = new LinkedHashMap<>();
    credentials.put("db", nested);
    List<Endpoint> endpoints = new ArrayList<>(List.of(new Endpoint("h", List.of("443"), null)));

    BindResponse response = new BindResponse(credentials, null, null, null, endpoints, null,
        null);
    nested.put("user", "changed");
    credentials.put("extra", 1);
    endpoints.clear();

    assertThat(response.credentials()).containsOnlyKeys("db");
    assertThat(((Map<?, ?>) response.credentials().get("db")).get("user")).isEqualTo("u");
    assertThat(response.endpoints()).hasSize(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theResponsesMapsAndListsRefuseChangesAndAbsentStaysNull() {
    Map<String, Object> credentials = new LinkedHashMap<>();
    credentials.put("db", new HashMap<>(Map.of("user", "u")));
    BindResponse response = new BindResponse(credentials, null, null, null,
        List.of(new Endpoint("h", List.of("443"), null)), null, null);

    assertThatThrownBy(() -> ((Map<String, Object>) response.credentials().get("db"))
        .put("user", "x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> response.endpoints().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(response.volumeMounts()).isNull();
  }
}

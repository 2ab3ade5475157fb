package io.github.osbsdk.broker.api.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceMetadataTest {
  @Test
  void attributesWithAJsonNullAreKeptAsSent() throws Exception {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("tier", "gold");
    attributes.put("retired_at", null);

    InstanceMetadata metadata = new InstanceMetadata(Map.of("team", "a"), attributes);
    attributes.put("tier", "silver");

    assertThat(metadata.attributes()).containsEntry("tier", "gold")
        .containsEntry("retired_at", null).hasSize(2);
    assertThatThrownBy(() -> metadata.attributes().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    InstanceMetadata read = new ObjectMapper().readValue(
        "{\"attributes\":{\"retired_at\":null}}", InstanceMetadata.class);
    assertThat(read.attributes()).containsEntry("retired_at", null);
  }
}

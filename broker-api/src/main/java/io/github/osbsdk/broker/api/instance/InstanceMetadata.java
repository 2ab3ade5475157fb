package io.github.osbsdk.broker.api.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import java.util.Map;

/**
 * {@code metadata} of a service instance response.
 *
 * @param labels labels for the platform; a deeply unmodifiable copy, JSON nulls kept, empty
 *     when none (null is taken as empty; an empty one is not written)
 * @param attributes attributes for the platform; a deeply unmodifiable copy, JSON nulls kept,
 *     empty when none (null is taken as empty; an empty one is not written)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceMetadata(
    @JsonProperty("labels") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> labels,
    @JsonProperty("attributes") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, Object> attributes) {
  /**
   * Copies the maps.
   *
   * @param labels labels for the platform, or null for none
   * @param attributes attributes for the platform, or null for none
   */
  public InstanceMetadata {
    labels = JsonCopies.map(labels);
    attributes = JsonCopies.map(attributes);
  }
}

package io.github.osbsdk.broker.api.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code metadata} of a service instance response.
 *
 * @param labels labels for the platform, may be null; copied, unmodifiable, JSON nulls kept
 * @param attributes attributes for the platform, may be null; copied, unmodifiable, JSON nulls
 *     kept
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceMetadata(
    @JsonProperty("labels") Map<String, Object> labels,
    @JsonProperty("attributes") Map<String, Object> attributes) {
  /** Copies the maps. */
  public InstanceMetadata {
    labels = labels == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    attributes = attributes == null ? null
        : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }
}

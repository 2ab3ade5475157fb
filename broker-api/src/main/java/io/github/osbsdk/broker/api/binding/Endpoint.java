package io.github.osbsdk.broker.api.binding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.internal.NonNullElements;
import java.util.List;
import java.util.Objects;

/**
 * A network endpoint of a binding.
 *
 * @param host a host name or IP (required)
 * @param ports ports or port ranges, e.g. {@code "443"} or {@code "9000-9010"} (required)
 * @param protocol {@code tcp}, {@code udp} or {@code all}, may be null ({@code tcp})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Endpoint(
    @JsonProperty("host") String host,
    @JsonProperty("ports") List<String> ports,
    @JsonProperty("protocol") String protocol) {
  /**
   * Validates and copies.
   *
   * @param host a host name or IP (required)
   * @param ports ports or port ranges, e.g. {@code "443"} or {@code "9000-9010"} (required)
   * @param protocol {@code tcp}, {@code udp} or {@code all}, may be null ({@code tcp})
   */
  public Endpoint {
    Objects.requireNonNull(host, "host == null");
    ports = NonNullElements.copy(Objects.requireNonNull(ports, "ports == null"), "ports");
  }
}

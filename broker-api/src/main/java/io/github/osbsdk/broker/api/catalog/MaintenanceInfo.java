package io.github.osbsdk.broker.api.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code maintenance_info} of a plan or a request.
 *
 * @param version a SemVer 2.0 version (required: in a plan, null is a catalog error the broker
 *     names when it starts)
 * @param description what the maintenance brings, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MaintenanceInfo(
    @JsonProperty("version") String version,
    @JsonProperty("description") String description) {

  /**
   * The {@code maintenance_info} of a plan: platforms send it back to ask for an upgrade.
   *
   * @param version a SemVer version
   * @return maintenance info without a description
   */
  public static MaintenanceInfo of(String version) {
    return new MaintenanceInfo(Objects.requireNonNull(version, "version == null"), null);
  }
}

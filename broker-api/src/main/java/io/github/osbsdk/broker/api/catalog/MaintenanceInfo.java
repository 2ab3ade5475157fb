package io.github.osbsdk.broker.api.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.internal.RequiredText;

/**
 * {@code maintenance_info} of a plan or a request.
 *
 * @param version a SemVer 2.0 version (required, not blank; in a plan, one that is not SemVer is
 *     a catalog error the broker names when it starts)
 * @param description what the maintenance brings, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MaintenanceInfo(
    @JsonProperty("version") String version,
    @JsonProperty("description") String description) {

  /**
   * Checks the version.
   *
   * @param version a SemVer 2.0 version (required, not blank)
   * @param description what the maintenance brings, or null for none
   * @throws NullPointerException when {@code version} is null
   * @throws IllegalArgumentException when {@code version} is blank
   */
  public MaintenanceInfo {
    RequiredText.check(version, "version");
  }

  /**
   * The {@code maintenance_info} of a plan: platforms send it back to ask for an upgrade.
   *
   * @param version a SemVer version (required, not blank)
   * @return maintenance info without a description
   */
  public static MaintenanceInfo of(String version) {
    return new MaintenanceInfo(version, null);
  }
}

package io.github.osbsdk.broker.testkit.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import io.github.osbsdk.broker.api.internal.UrlSecrets;

/**
 * The body of an update answer as a broker sent it. {@link #toString()} masks the user info and
 * query values of the dashboard URL, which may carry a token; the accessor keeps it whole.
 *
 * @param dashboardUrl {@code dashboard_url}, may be null
 * @param operation {@code operation}, may be null
 * @param metadata {@code metadata}, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpdateResponse(@JsonProperty("dashboard_url") String dashboardUrl,
    @JsonProperty("operation") String operation,
    @JsonProperty("metadata") InstanceMetadata metadata) {
  /**
   * Describes the answer for reports without secrets in its dashboard URL.
   *
   * @return the body, the dashboard URL's user info and query values masked
   */
  @Override
  public String toString() {
    return "UpdateResponse[dashboardUrl=" + UrlSecrets.maskUrl(dashboardUrl) + ", operation="
        + operation + ", metadata=" + metadata + "]";
  }
}

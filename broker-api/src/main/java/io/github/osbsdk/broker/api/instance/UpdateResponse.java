package io.github.osbsdk.broker.api.instance;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.AsyncTask;
import java.util.Objects;

/**
 * The answer to an update request: 200 (body {@code {}} plus any set fields) or 202 when
 * {@link #async()}.
 *
 * @param dashboardUrl a new dashboard URL, may be null (keep the old one)
 * @param operation the broker's operation id, may be null
 * @param metadata labels and attributes, may be null
 * @param async whether the update continues in the background (202)
 * @param task work for the SDK's operation tracker, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpdateResponse(
    @JsonProperty("dashboard_url") String dashboardUrl,
    @JsonProperty("operation") String operation,
    @JsonProperty("metadata") InstanceMetadata metadata,
    @JsonIgnore boolean async,
    @JsonIgnore AsyncTask task) {

  /** Validates. */
  public UpdateResponse {
    if (task != null && !async) {
      throw new IllegalArgumentException("a task needs async = true");
    }
  }

  /** @return a synchronous 200 answer */
  public static UpdateResponse done() {
    return new UpdateResponse(null, null, null, false, null);
  }

  /** @param operation the broker's operation id, may be null @return a 202 answer */
  public static UpdateResponse async(String operation) {
    return new UpdateResponse(null, operation, null, true, null);
  }

  /** @param task the work for the SDK's tracker @return a 202 answer */
  public static UpdateResponse runAsync(AsyncTask task) {
    return new UpdateResponse(null, null, null, true, Objects.requireNonNull(task, "task == null"));
  }

  /** @param url the dashboard URL @return a copy with it */
  public UpdateResponse withDashboardUrl(String url) {
    return new UpdateResponse(url, operation, metadata, async, task);
  }

  /** @param metadata labels and attributes @return a copy with them */
  public UpdateResponse withMetadata(InstanceMetadata metadata) {
    return new UpdateResponse(dashboardUrl, operation, metadata, async, task);
  }
}

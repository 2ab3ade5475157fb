package io.github.osbsdk.broker.api.instance;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.AsyncTask;
import java.util.Objects;

/**
 * The answer to a provision request.
 *
 * <p>Status: 201 for a new instance; 200 when {@link #alreadyExists()} (an identical instance
 * exists already); 202 when {@link #async()}. For 202 the broker either names its own
 * {@code operation} (and answers {@code lastOperation} itself) or hands the SDK an
 * {@link AsyncTask}. Build with {@link #builder()}.
 *
 * @param dashboardUrl the dashboard URL; must be in the first response, also when async; may be null
 * @param operation the broker's operation id (at most 10,000 characters), may be null
 * @param metadata labels and attributes, may be null
 * @param async whether the operation continues in the background (202)
 * @param alreadyExists whether an identical instance already existed (200)
 * @param task work for the SDK's operation tracker, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProvisionResponse(
    @JsonProperty("dashboard_url") String dashboardUrl,
    @JsonProperty("operation") String operation,
    @JsonProperty("metadata") InstanceMetadata metadata,
    @JsonIgnore boolean async,
    @JsonIgnore boolean alreadyExists,
    @JsonIgnore AsyncTask task) {

  /** Validates. */
  public ProvisionResponse {
    if (task != null && !async) {
      throw new IllegalArgumentException("a task needs async = true");
    }
    if (async && alreadyExists) {
      throw new IllegalArgumentException("an async answer cannot also be 'already exists'");
    }
  }

  /** @return a synchronous 201 answer with no body fields */
  public static ProvisionResponse created() {
    return builder().build();
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ProvisionResponse}. */
  public static final class Builder {
    private String dashboardUrl;
    private String operation;
    private InstanceMetadata metadata;
    private boolean async;
    private boolean alreadyExists;
    private AsyncTask task;

    private Builder() {}

    /** @param url the dashboard URL @return this */
    public Builder dashboardUrl(String url) {
      this.dashboardUrl = url;
      return this;
    }

    /** @param metadata labels and attributes @return this */
    public Builder metadata(InstanceMetadata metadata) {
      this.metadata = metadata;
      return this;
    }

    /**
     * Answers 202; the broker tracks the operation and answers {@code lastOperation} itself.
     *
     * @param operation the operation id, may be null
     * @return this
     */
    public Builder async(String operation) {
      this.async = true;
      this.operation = operation;
      return this;
    }

    /**
     * Answers 202 and runs the task on the SDK's operation tracker, which also answers
     * {@code last_operation}.
     *
     * @param task the work
     * @return this
     */
    public Builder runAsync(AsyncTask task) {
      this.async = true;
      this.task = Objects.requireNonNull(task, "task == null");
      return this;
    }

    /** Answers 200: an identical instance exists already. @return this */
    public Builder alreadyExists() {
      this.alreadyExists = true;
      return this;
    }

    /** @return the response */
    public ProvisionResponse build() {
      return new ProvisionResponse(dashboardUrl, operation, metadata, async, alreadyExists, task);
    }
  }
}

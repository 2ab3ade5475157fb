package io.github.osbsdk.broker.api.binding;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.AsyncTask;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to a bind request: 201 for a new binding, 200 when {@link #alreadyExists()}, 202
 * when {@link #async()}. A 202 answer never carries credentials: the SDK refuses to send them and
 * the platform fetches the binding once {@code last_operation} says succeeded.
 *
 * @param credentials the credentials, may be null
 * @param syslogDrainUrl syslog drain URL, may be null
 * @param routeServiceUrl route service URL, may be null
 * @param volumeMounts volume mounts, may be null
 * @param endpoints network endpoints, may be null
 * @param metadata expiry and renewal, may be null
 * @param operation the broker's operation id, may be null
 * @param async whether the bind continues in the background (202)
 * @param alreadyExists whether an identical binding existed (200)
 * @param task work for the SDK's operation tracker, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BindResponse(
    @JsonProperty("credentials") Map<String, Object> credentials,
    @JsonProperty("syslog_drain_url") String syslogDrainUrl,
    @JsonProperty("route_service_url") String routeServiceUrl,
    @JsonProperty("volume_mounts") List<VolumeMount> volumeMounts,
    @JsonProperty("endpoints") List<Endpoint> endpoints,
    @JsonProperty("metadata") BindingMetadata metadata,
    @JsonProperty("operation") String operation,
    @JsonIgnore boolean async,
    @JsonIgnore boolean alreadyExists,
    @JsonIgnore AsyncTask task) {

  /** Validates and copies. */
  public BindResponse {
    credentials = credentials == null ? null
        : Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
    volumeMounts = volumeMounts == null ? null : List.copyOf(volumeMounts);
    endpoints = endpoints == null ? null : List.copyOf(endpoints);
    if (task != null && !async) {
      throw new IllegalArgumentException("a task needs async = true");
    }
    if (async && alreadyExists) {
      throw new IllegalArgumentException("an async answer cannot also be 'already exists'");
    }
  }

  @Override
  public String toString() {
    return "BindResponse[credentials=" + (credentials == null ? "null" : "***")
        + ", operation=" + operation + ", async=" + async + ", alreadyExists=" + alreadyExists + "]";
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link BindResponse}. */
  public static final class Builder {
    private Map<String, Object> credentials;
    private String syslogDrainUrl;
    private String routeServiceUrl;
    private List<VolumeMount> volumeMounts;
    private List<Endpoint> endpoints;
    private BindingMetadata metadata;
    private String operation;
    private boolean async;
    private boolean alreadyExists;
    private AsyncTask task;

    private Builder() {}

    /** @param credentials the credentials @return this */
    public Builder credentials(Map<String, Object> credentials) {
      this.credentials = credentials;
      return this;
    }

    /** @param url syslog drain URL @return this */
    public Builder syslogDrainUrl(String url) {
      this.syslogDrainUrl = url;
      return this;
    }

    /** @param url route service URL @return this */
    public Builder routeServiceUrl(String url) {
      this.routeServiceUrl = url;
      return this;
    }

    /** @param mounts volume mounts @return this */
    public Builder volumeMounts(List<VolumeMount> mounts) {
      this.volumeMounts = mounts;
      return this;
    }

    /** @param endpoints network endpoints @return this */
    public Builder endpoints(List<Endpoint> endpoints) {
      this.endpoints = endpoints;
      return this;
    }

    /** @param metadata expiry and renewal @return this */
    public Builder metadata(BindingMetadata metadata) {
      this.metadata = metadata;
      return this;
    }

    /** @param operation the broker's operation id, may be null @return this (202) */
    public Builder async(String operation) {
      this.async = true;
      this.operation = operation;
      return this;
    }

    /** @param task the work for the SDK's tracker @return this (202) */
    public Builder runAsync(AsyncTask task) {
      this.async = true;
      this.task = Objects.requireNonNull(task, "task == null");
      return this;
    }

    /** An identical binding existed already (200). @return this */
    public Builder alreadyExists() {
      this.alreadyExists = true;
      return this;
    }

    /** @return the response */
    public BindResponse build() {
      return new BindResponse(credentials, syslogDrainUrl, routeServiceUrl, volumeMounts,
          endpoints, metadata, operation, async, alreadyExists, task);
    }
  }
}

package io.github.osbsdk.broker.api.binding;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.internal.NonNullElements;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code ServiceBroker.bind} did: created the binding (201) or accepted the work (202).
 * Repeats (200) and conflicts (409) are answered by the SDK from its registry.
 */
public sealed interface BindResult {
  /**
   * The binding exists now (201) with these credentials.
   *
   * @param credentials the credentials, may be null
   * @return the result
   */
  static Bound bound(Map<String, Object> credentials) {
    return new Bound(credentials, null, null, null, null, null);
  }

  /**
   * A builder for a {@link Bound} with more than credentials.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * The work continues in the background (202); only when the request accepts it. The platform
   * then fetches the binding (with its credentials) from {@code ServiceBroker.fetchBinding}, so
   * the service must declare {@code bindings_retrievable}: without it the SDK answers the bind
   * 422 and never starts the work.
   *
   * @param work the work
   * @return the result
   */
  static Accepted accepted(AsyncWork work) {
    return new Accepted(work, null);
  }

  /**
   * Created (201).
   *
   * @param credentials the credentials, may be null; never logged
   * @param syslogDrainUrl the syslog drain URL, may be null
   * @param routeServiceUrl the route service URL, may be null
   * @param volumeMounts volume mounts, may be null
   * @param endpoints network endpoints, may be null
   * @param metadata expiry and renewal, may be null
   */
  record Bound(Map<String, Object> credentials, String syslogDrainUrl, String routeServiceUrl,
      List<VolumeMount> volumeMounts, List<Endpoint> endpoints, BindingMetadata metadata)
      implements BindResult {
    /** Copies. */
    public Bound {
      credentials = credentials == null ? null
          : Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
      volumeMounts = NonNullElements.copy(volumeMounts, "volumeMounts");
      endpoints = NonNullElements.copy(endpoints, "endpoints");
    }

    @Override
    public String toString() {
      return "Bound[credentials=" + (credentials == null ? "null" : "***") + "]";
    }
  }

  /**
   * Accepted (202).
   *
   * @param work the work
   * @param metadata expiry and renewal, may be null
   */
  record Accepted(AsyncWork work, BindingMetadata metadata) implements BindResult {
    /** Checks the work. */
    public Accepted {
      Objects.requireNonNull(work, "work == null");
    }
  }

  /** Builds a {@link Bound}. */
  final class Builder {
    private Map<String, Object> credentials;
    private String syslogDrainUrl;
    private String routeServiceUrl;
    private List<VolumeMount> volumeMounts;
    private List<Endpoint> endpoints;
    private BindingMetadata metadata;

    private Builder() {}

    /**
     * Sets the credentials.
     *
     * @param value the credentials
     * @return this
     */
    public Builder credentials(Map<String, Object> value) {
      this.credentials = value;
      return this;
    }

    /**
     * Sets the syslog drain URL.
     *
     * @param value the URL
     * @return this
     */
    public Builder syslogDrainUrl(String value) {
      this.syslogDrainUrl = value;
      return this;
    }

    /**
     * Sets the route service URL.
     *
     * @param value the URL
     * @return this
     */
    public Builder routeServiceUrl(String value) {
      this.routeServiceUrl = value;
      return this;
    }

    /**
     * Sets the volume mounts.
     *
     * @param value the mounts
     * @return this
     */
    public Builder volumeMounts(List<VolumeMount> value) {
      this.volumeMounts = value;
      return this;
    }

    /**
     * Sets the endpoints.
     *
     * @param value the endpoints
     * @return this
     */
    public Builder endpoints(List<Endpoint> value) {
      this.endpoints = value;
      return this;
    }

    /**
     * Sets the metadata.
     *
     * @param value expiry and renewal
     * @return this
     */
    public Builder metadata(BindingMetadata value) {
      this.metadata = value;
      return this;
    }

    /**
     * Builds the result.
     *
     * @return the result
     */
    public Bound build() {
      return new Bound(credentials, syslogDrainUrl, routeServiceUrl, volumeMounts, endpoints,
          metadata);
    }
  }
}

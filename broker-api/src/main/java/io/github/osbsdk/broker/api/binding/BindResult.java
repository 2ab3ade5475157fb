package io.github.osbsdk.broker.api.binding;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.internal.BindingTask;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import io.github.osbsdk.broker.api.internal.NonNullElements;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code ServiceBroker.bind} did: created the binding (201) or accepted the work (202),
 * work that may deliver the binding when it ends ({@link BindTask}, {@link BindStep}). Repeats
 * (200) and conflicts (409) are answered by the SDK from its registry.
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
   * The work continues in the background (202) as a resumable step; only when the request accepts
   * it, and only for a service that declares {@code bindings_retrievable} (without it the SDK
   * answers the bind 422 and never starts the step). A step registered as a {@link BindStep}
   * delivers the binding as {@link #accepted(BindTask)}'s task does; a plain
   * {@link io.github.osbsdk.broker.api.ResumableStep} delivers nothing, and the provider's
   * {@code ServiceBroker.fetchBinding} must add the credentials.
   *
   * @param step the step, from {@link AsyncWork#step}
   * @return the result
   */
  static Accepted accepted(AsyncWork.Step step) {
    return new Accepted(Objects.requireNonNull(step, "step == null"), null);
  }

  /**
   * The work continues in the background (202), run and tracked by the provider; only when the
   * request accepts it. Once it succeeded, the platform fetches the binding and the provider's
   * {@code ServiceBroker.fetchBinding} must add the credentials. The service must declare
   * {@code bindings_retrievable}: without it the work, which the provider started already, is
   * answered 500 and its binding kept as failed, so that the platform's unbind reaches the
   * provider.
   *
   * @param work the provider's operation, from {@link AsyncWork#trackedByProvider}
   * @return the result
   */
  static Accepted accepted(AsyncWork.ProviderTracked work) {
    return new Accepted(work, null);
  }

  /**
   * The work continues in the background (202) and delivers the binding when it ends; only when
   * the request accepts it, and only for a service that declares {@code bindings_retrievable}.
   * What the task returns is recorded as a {@link Bound} answered 201 is (credentials encrypted,
   * and only when the broker stores credentials), so the platform's fetch of the binding and an
   * identical repeat of the bind (200) answer it. See {@link BindTask}. Work that delivers no
   * credentials (the provider's {@code fetchBinding} adds them) returns
   * {@code BindResult.bound(null)}.
   *
   * @param task the work, run on this replica
   * @return the result
   */
  static Accepted accepted(BindTask task) {
    return new Accepted(AsyncWork.task(new BindingTask(task)), null);
  }

  /**
   * Created (201), or what a {@link BindTask} or {@link BindStep} delivers when an asynchronous
   * bind succeeds.
   *
   * <p>{@code credentials} is a deeply unmodifiable copy (changing the map handed in changes
   * nothing here, at any depth); null means none, which differs from an empty object on the
   * wire. The lists are unmodifiable copies, empty when none (null is taken as empty).
   *
   * @param credentials the credentials, may be null; never logged
   * @param syslogDrainUrl the syslog drain URL, may be null
   * @param routeServiceUrl the route service URL, may be null
   * @param volumeMounts volume mounts, empty when none
   * @param endpoints network endpoints, empty when none
   * @param metadata expiry and renewal, may be null
   */
  record Bound(Map<String, Object> credentials, String syslogDrainUrl, String routeServiceUrl,
      List<VolumeMount> volumeMounts, List<Endpoint> endpoints, BindingMetadata metadata)
      implements BindResult {
    /**
     * Copies the credentials and lists.
     *
     * @param credentials the credentials, or null for none
     * @param syslogDrainUrl the syslog drain URL, or null
     * @param routeServiceUrl the route service URL, or null
     * @param volumeMounts volume mounts, or null for none; no null element
     * @param endpoints network endpoints, or null for none; no null element
     * @param metadata expiry and renewal, or null
     */
    public Bound {
      credentials = JsonCopies.mapOrNull(credentials);
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
   * @param work the work: a {@link AsyncWork.Step}, a {@link AsyncWork.ProviderTracked} or the
   *     task of {@link #accepted(BindTask)}, never a plain {@link AsyncWork#task}
   * @param metadata expiry and renewal, may be null; answered with the 202 only (the binding
   *     the work delivers carries its own)
   */
  record Accepted(AsyncWork work, BindingMetadata metadata) implements BindResult {
    /**
     * Checks the work.
     *
     * @param work the work, as above
     * @param metadata expiry and renewal, may be null; answered with the 202 only (the binding the
     *     work delivers carries its own)
     * @throws IllegalArgumentException for a plain {@link AsyncWork#task}: its
     *     {@link io.github.osbsdk.broker.api.AsyncTask} returns nothing, so a lambda written to
     *     return the binding would lose its credentials; use {@link #accepted(BindTask)}
     */
    public Accepted {
      Objects.requireNonNull(work, "work == null");
      if (work instanceof AsyncWork.Task task && !(task.task() instanceof BindingTask)) {
        throw new IllegalArgumentException("a bind's task must deliver the binding: use"
            + " BindResult.accepted(BindTask), whose task returns it (BindResult.bound(null) when"
            + " fetchBinding adds the credentials), not AsyncWork.task, whose AsyncTask returns"
            + " nothing and would drop what the lambda returns");
      }
    }

    /**
     * A copy with metadata.
     *
     * @param newMetadata expiry and renewal, or null for none
     * @return the copy
     */
    public Accepted withMetadata(BindingMetadata newMetadata) {
      return new Accepted(work, newMetadata);
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
     * @param value the credentials, or null for none
     * @return this
     */
    public Builder credentials(Map<String, Object> value) {
      this.credentials = value;
      return this;
    }

    /**
     * Sets the syslog drain URL.
     *
     * @param value the URL, or null for none
     * @return this
     */
    public Builder syslogDrainUrl(String value) {
      this.syslogDrainUrl = value;
      return this;
    }

    /**
     * Sets the route service URL.
     *
     * @param value the URL, or null for none
     * @return this
     */
    public Builder routeServiceUrl(String value) {
      this.routeServiceUrl = value;
      return this;
    }

    /**
     * Sets the volume mounts.
     *
     * @param value the mounts, or null for none; no null element
     * @return this
     */
    public Builder volumeMounts(List<VolumeMount> value) {
      this.volumeMounts = value;
      return this;
    }

    /**
     * Sets the endpoints.
     *
     * @param value the endpoints, or null for none; no null element
     * @return this
     */
    public Builder endpoints(List<Endpoint> value) {
      this.endpoints = value;
      return this;
    }

    /**
     * Sets the metadata.
     *
     * @param value expiry and renewal, or null for none
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

package io.github.osbsdk.broker.testkit.client;

import io.github.osbsdk.broker.testkit.client.ResourceQuery.LastParameter;
import java.util.Objects;

/**
 * A fetch of a binding for {@link OsbClient#fetchBinding(FetchBinding)}, {@code GET
 * /v2/service_instances/:instance_id/service_bindings/:binding_id}. Each id is set by a method
 * named after it, as for {@link Unbind}, so that two of them cannot be swapped without it
 * showing:
 *
 * <pre>{@code
 * client.fetchBinding(FetchBinding.instance(instanceId).binding(bindingId)
 *     .service(serviceId).plan(planId));
 * }</pre>
 *
 * <p>Immutable: each method returns a new value. {@code service_id} and {@code plan_id} are
 * optional for a fetch and left out of the query until set.
 */
public final class FetchBinding {
  private final ResourceQuery query;

  private FetchBinding(ResourceQuery query) {
    this.query = query;
  }

  /**
   * Starts a fetch of a binding of this instance.
   *
   * @param instanceId the instance id (encoded by the client)
   * @return the instance, to name the binding of
   */
  public static OfInstance instance(String instanceId) {
    return new OfInstance(Objects.requireNonNull(instanceId, "instanceId == null"));
  }

  /**
   * Sets {@code service_id}.
   *
   * @param value the service offering's id
   * @return a copy with it
   */
  public FetchBinding service(String value) {
    return new FetchBinding(query.service(value));
  }

  /**
   * Sets {@code plan_id}.
   *
   * @param value the plan's id
   * @return a copy with it
   */
  public FetchBinding plan(String value) {
    return new FetchBinding(query.plan(value));
  }

  /**
   * The instance the fetched binding belongs to.
   *
   * @return the instance id
   */
  public String instanceId() {
    return query.instanceId();
  }

  /**
   * The binding to fetch.
   *
   * @return the binding id
   */
  public String bindingId() {
    return query.bindingId();
  }

  /**
   * The {@code service_id} query parameter sent, if any.
   *
   * @return {@code service_id}, or null when not sent
   */
  public String serviceId() {
    return query.serviceId();
  }

  /**
   * The {@code plan_id} query parameter sent, if any.
   *
   * @return {@code plan_id}, or null when not sent
   */
  public String planId() {
    return query.planId();
  }

  ResourceQuery query() {
    return query;
  }

  /**
   * Compares two fetchs by the request they send.
   *
   * @param o the object to compare with
   * @return whether {@code o} is a {@code FetchBinding} with the same instance and binding ids,
   *     {@code service_id} and {@code plan_id}
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof FetchBinding f && query.equals(f.query);
  }

  /**
   * A hash code consistent with {@link #equals(Object)}.
   *
   * @return the hash of the ids and query values
   */
  @Override
  public int hashCode() {
    return query.hashCode();
  }

  /**
   * Describes the fetch for test reports.
   *
   * @return {@code FetchBinding[instanceId=.., bindingId=.., serviceId=.., planId=..]}
   */
  @Override
  public String toString() {
    return query.describe("FetchBinding");
  }

  /** The instance of a {@link FetchBinding} whose binding is not named yet. */
  public static final class OfInstance {
    private final String instanceId;

    private OfInstance(String instanceId) {
      this.instanceId = instanceId;
    }

    /**
     * Names the binding to fetch.
     *
     * @param bindingId the binding id (encoded by the client)
     * @return the fetch, without {@code service_id} or {@code plan_id}
     */
    public FetchBinding binding(String bindingId) {
      return new FetchBinding(ResourceQuery.binding(instanceId, bindingId, LastParameter.NONE));
    }
  }
}

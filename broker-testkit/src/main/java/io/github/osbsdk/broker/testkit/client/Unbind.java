package io.github.osbsdk.broker.testkit.client;

import io.github.osbsdk.broker.testkit.client.ResourceQuery.LastParameter;
import java.util.Objects;

/**
 * An unbind for {@link OsbClient#unbind(Unbind)}, {@code DELETE
 * /v2/service_instances/:instance_id/service_bindings/:binding_id}. Each id is set by a method
 * named after it, so that two of them cannot be swapped without it showing:
 *
 * <pre>{@code
 * client.unbind(Unbind.instance(instanceId).binding(bindingId)
 *     .service(serviceId).plan(planId).acceptsIncomplete(true));
 * }</pre>
 *
 * <p>Immutable: each method returns a new value. {@code service_id} and {@code plan_id} are left
 * out of the query until set (the specification requires them, so leaving one out tests how a
 * broker refuses it); {@code accepts_incomplete} is sent only when set to true.
 */
public final class Unbind {
  private final ResourceQuery query;

  private Unbind(ResourceQuery query) {
    this.query = query;
  }

  /**
   * Starts an unbind of a binding of this instance.
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
  public Unbind service(String value) {
    return new Unbind(query.service(value));
  }

  /**
   * Sets {@code plan_id}.
   *
   * @param value the plan's id
   * @return a copy with it
   */
  public Unbind plan(String value) {
    return new Unbind(query.plan(value));
  }

  /**
   * Sets whether {@code accepts_incomplete=true} is sent.
   *
   * @param value true to allow an asynchronous unbind (202)
   * @return a copy with it
   */
  public Unbind acceptsIncomplete(boolean value) {
    return new Unbind(query.acceptsIncomplete(value));
  }

  /**
   * The instance the binding to delete belongs to.
   *
   * @return the instance id
   */
  public String instanceId() {
    return query.instanceId();
  }

  /**
   * The binding to delete.
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

  /**
   * Whether the request lets the broker answer 202 and work asynchronously.
   *
   * @return whether {@code accepts_incomplete=true} is sent
   */
  public boolean acceptsIncomplete() {
    return query.acceptsIncomplete();
  }

  ResourceQuery query() {
    return query;
  }

  /**
   * Compares two unbinds by the request they send.
   *
   * @param o the object to compare with
   * @return whether {@code o} is an {@code Unbind} with the same instance and binding ids,
   *     {@code service_id}, {@code plan_id} and {@code accepts_incomplete}
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Unbind u && query.equals(u.query);
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
   * Describes the unbind for test reports.
   *
   * @return {@code Unbind[instanceId=.., bindingId=.., serviceId=.., planId=..,
   *     acceptsIncomplete=..]}
   */
  @Override
  public String toString() {
    return query.describe("Unbind");
  }

  /** The instance of an {@link Unbind} whose binding is not named yet. */
  public static final class OfInstance {
    private final String instanceId;

    private OfInstance(String instanceId) {
      this.instanceId = instanceId;
    }

    /**
     * Names the binding to delete.
     *
     * @param bindingId the binding id (encoded by the client)
     * @return the unbind, without {@code service_id}, {@code plan_id} or
     *     {@code accepts_incomplete}
     */
    public Unbind binding(String bindingId) {
      return new Unbind(
          ResourceQuery.binding(instanceId, bindingId, LastParameter.ACCEPTS_INCOMPLETE));
    }
  }
}

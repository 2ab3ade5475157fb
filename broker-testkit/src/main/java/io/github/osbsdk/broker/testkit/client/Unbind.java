package io.github.osbsdk.broker.testkit.client;

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
  private final String instanceId;
  private final String bindingId;
  private final String serviceId;
  private final String planId;
  private final boolean acceptsIncomplete;

  private Unbind(String instanceId, String bindingId, String serviceId, String planId,
      boolean acceptsIncomplete) {
    this.instanceId = instanceId;
    this.bindingId = bindingId;
    this.serviceId = serviceId;
    this.planId = planId;
    this.acceptsIncomplete = acceptsIncomplete;
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
    return new Unbind(instanceId, bindingId, Objects.requireNonNull(value, "serviceId == null"),
        planId, acceptsIncomplete);
  }

  /**
   * Sets {@code plan_id}.
   *
   * @param value the plan's id
   * @return a copy with it
   */
  public Unbind plan(String value) {
    return new Unbind(instanceId, bindingId, serviceId,
        Objects.requireNonNull(value, "planId == null"), acceptsIncomplete);
  }

  /**
   * Sets whether {@code accepts_incomplete=true} is sent.
   *
   * @param value true to allow an asynchronous unbind (202)
   * @return a copy with it
   */
  public Unbind acceptsIncomplete(boolean value) {
    return new Unbind(instanceId, bindingId, serviceId, planId, value);
  }

  /** @return the instance id */
  public String instanceId() {
    return instanceId;
  }

  /** @return the binding id */
  public String bindingId() {
    return bindingId;
  }

  /** @return {@code service_id}, or null when not sent */
  public String serviceId() {
    return serviceId;
  }

  /** @return {@code plan_id}, or null when not sent */
  public String planId() {
    return planId;
  }

  /** @return whether {@code accepts_incomplete=true} is sent */
  public boolean acceptsIncomplete() {
    return acceptsIncomplete;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Unbind u && instanceId.equals(u.instanceId)
        && bindingId.equals(u.bindingId) && Objects.equals(serviceId, u.serviceId)
        && Objects.equals(planId, u.planId) && acceptsIncomplete == u.acceptsIncomplete;
  }

  @Override
  public int hashCode() {
    return Objects.hash(instanceId, bindingId, serviceId, planId, acceptsIncomplete);
  }

  @Override
  public String toString() {
    return "Unbind[instanceId=" + instanceId + ", bindingId=" + bindingId + ", serviceId="
        + serviceId + ", planId=" + planId + ", acceptsIncomplete=" + acceptsIncomplete + "]";
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
      return new Unbind(instanceId, Objects.requireNonNull(bindingId, "bindingId == null"), null,
          null, false);
    }
  }
}

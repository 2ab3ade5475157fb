package io.github.osbsdk.broker.testkit.client;

import java.util.Objects;

/**
 * A deprovision for {@link OsbClient#deprovision(Deprovision)}, {@code DELETE
 * /v2/service_instances/:instance_id}. Each id is set by a method named after it, as for
 * {@link Unbind}, so that two of them cannot be swapped without it showing:
 *
 * <pre>{@code
 * client.deprovision(Deprovision.instance(instanceId)
 *     .service(serviceId).plan(planId).acceptsIncomplete(true));
 * }</pre>
 *
 * <p>Immutable: each method returns a new value. {@code service_id} and {@code plan_id} are left
 * out of the query until set (the specification requires them, so leaving one out tests how a
 * broker refuses it); {@code accepts_incomplete} is sent only when set to true.
 */
public final class Deprovision {
  private final String instanceId;
  private final String serviceId;
  private final String planId;
  private final boolean acceptsIncomplete;

  private Deprovision(String instanceId, String serviceId, String planId,
      boolean acceptsIncomplete) {
    this.instanceId = instanceId;
    this.serviceId = serviceId;
    this.planId = planId;
    this.acceptsIncomplete = acceptsIncomplete;
  }

  /**
   * Starts a deprovision of this instance.
   *
   * @param instanceId the instance id (encoded by the client)
   * @return the deprovision, without {@code service_id}, {@code plan_id} or
   *     {@code accepts_incomplete}
   */
  public static Deprovision instance(String instanceId) {
    return new Deprovision(Objects.requireNonNull(instanceId, "instanceId == null"), null, null,
        false);
  }

  /**
   * Sets {@code service_id}.
   *
   * @param value the service offering's id
   * @return a copy with it
   */
  public Deprovision service(String value) {
    return new Deprovision(instanceId, Objects.requireNonNull(value, "serviceId == null"), planId,
        acceptsIncomplete);
  }

  /**
   * Sets {@code plan_id}.
   *
   * @param value the plan's id
   * @return a copy with it
   */
  public Deprovision plan(String value) {
    return new Deprovision(instanceId, serviceId, Objects.requireNonNull(value, "planId == null"),
        acceptsIncomplete);
  }

  /**
   * Sets whether {@code accepts_incomplete=true} is sent.
   *
   * @param value true to allow an asynchronous deprovision (202)
   * @return a copy with it
   */
  public Deprovision acceptsIncomplete(boolean value) {
    return new Deprovision(instanceId, serviceId, planId, value);
  }

  /** @return the instance id */
  public String instanceId() {
    return instanceId;
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
    return o instanceof Deprovision d && instanceId.equals(d.instanceId)
        && Objects.equals(serviceId, d.serviceId) && Objects.equals(planId, d.planId)
        && acceptsIncomplete == d.acceptsIncomplete;
  }

  @Override
  public int hashCode() {
    return Objects.hash(instanceId, serviceId, planId, acceptsIncomplete);
  }

  @Override
  public String toString() {
    return "Deprovision[instanceId=" + instanceId + ", serviceId=" + serviceId + ", planId="
        + planId + ", acceptsIncomplete=" + acceptsIncomplete + "]";
  }
}

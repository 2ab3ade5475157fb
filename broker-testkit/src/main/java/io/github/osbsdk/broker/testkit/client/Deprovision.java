package io.github.osbsdk.broker.testkit.client;

import io.github.osbsdk.broker.testkit.client.ResourceQuery.LastParameter;

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
  private final ResourceQuery query;

  private Deprovision(ResourceQuery query) {
    this.query = query;
  }

  /**
   * Starts a deprovision of this instance.
   *
   * @param instanceId the instance id (encoded by the client)
   * @return the deprovision, without {@code service_id}, {@code plan_id} or
   *     {@code accepts_incomplete}
   */
  public static Deprovision instance(String instanceId) {
    return new Deprovision(ResourceQuery.instance(instanceId, LastParameter.ACCEPTS_INCOMPLETE));
  }

  /**
   * Sets {@code service_id}.
   *
   * @param value the service offering's id
   * @return a copy with it
   */
  public Deprovision service(String value) {
    return new Deprovision(query.service(value));
  }

  /**
   * Sets {@code plan_id}.
   *
   * @param value the plan's id
   * @return a copy with it
   */
  public Deprovision plan(String value) {
    return new Deprovision(query.plan(value));
  }

  /**
   * Sets whether {@code accepts_incomplete=true} is sent.
   *
   * @param value true to allow an asynchronous deprovision (202)
   * @return a copy with it
   */
  public Deprovision acceptsIncomplete(boolean value) {
    return new Deprovision(query.acceptsIncomplete(value));
  }

  /**
   * The instance to deprovision.
   *
   * @return the instance id
   */
  public String instanceId() {
    return query.instanceId();
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
   * Compares two deprovisions by the request they send.
   *
   * @param o the object to compare with
   * @return whether {@code o} is a {@code Deprovision} with the same instance id,
   *     {@code service_id}, {@code plan_id} and {@code accepts_incomplete}
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Deprovision d && query.equals(d.query);
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
   * Describes the deprovision for test reports.
   *
   * @return {@code Deprovision[instanceId=.., serviceId=.., planId=..,
   *     acceptsIncomplete=..]}
   */
  @Override
  public String toString() {
    return query.describe("Deprovision");
  }
}

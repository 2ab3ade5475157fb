package io.github.osbsdk.broker.testkit.client;

import io.github.osbsdk.broker.testkit.client.ResourceQuery.LastParameter;

/**
 * A poll of an instance's last operation for {@link OsbClient#lastOperation(LastOperation)},
 * {@code GET /v2/service_instances/:instance_id/last_operation}. Each value is set by a method
 * named after it, as for {@link Unbind}, so that two of them cannot be swapped without it
 * showing:
 *
 * <pre>{@code
 * client.lastOperation(LastOperation.instance(instanceId)
 *     .service(serviceId).plan(planId).operation(operation));
 * }</pre>
 *
 * <p>Immutable: each method returns a new value. {@code service_id}, {@code plan_id} and
 * {@code operation} are left out of the query until set.
 */
public final class LastOperation {
  private final ResourceQuery query;

  private LastOperation(ResourceQuery query) {
    this.query = query;
  }

  /**
   * Starts a poll of this instance's last operation.
   *
   * @param instanceId the instance id (encoded by the client)
   * @return the poll, without {@code service_id}, {@code plan_id} or {@code operation}
   */
  public static LastOperation instance(String instanceId) {
    return new LastOperation(ResourceQuery.instance(instanceId, LastParameter.OPERATION));
  }

  /**
   * Sets {@code service_id}.
   *
   * @param value the service offering's id
   * @return a copy with it
   */
  public LastOperation service(String value) {
    return new LastOperation(query.service(value));
  }

  /**
   * Sets {@code plan_id}.
   *
   * @param value the plan's id
   * @return a copy with it
   */
  public LastOperation plan(String value) {
    return new LastOperation(query.plan(value));
  }

  /**
   * Sets {@code operation}: the value a broker's 202 answered, which it may leave out, so null
   * is allowed here and leaves the parameter out.
   *
   * @param value the operation the broker answered, or null for none
   * @return a copy with it
   */
  public LastOperation operation(String value) {
    return new LastOperation(query.operation(value));
  }

  /**
   * The instance whose operation is polled.
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
   * The {@code operation} query parameter sent, if any: the value the broker's 202 answer gave.
   *
   * @return {@code operation}, or null when not sent
   */
  public String operation() {
    return query.operation();
  }

  ResourceQuery query() {
    return query;
  }

  /**
   * Compares two polls by the request they send.
   *
   * @param o the object to compare with
   * @return whether {@code o} is a {@code LastOperation} with the same instance id,
   *     {@code service_id}, {@code plan_id} and {@code operation}
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof LastOperation l && query.equals(l.query);
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
   * Describes the poll for test reports.
   *
   * @return {@code LastOperation[instanceId=.., serviceId=.., planId=.., operation=..]}
   */
  @Override
  public String toString() {
    return query.describe("LastOperation");
  }
}

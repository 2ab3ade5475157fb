package io.github.osbsdk.broker.testkit.client;

import java.util.Objects;

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
  private final String instanceId;
  private final String serviceId;
  private final String planId;
  private final String operation;

  private LastOperation(String instanceId, String serviceId, String planId, String operation) {
    this.instanceId = instanceId;
    this.serviceId = serviceId;
    this.planId = planId;
    this.operation = operation;
  }

  /**
   * Starts a poll of this instance's last operation.
   *
   * @param instanceId the instance id (encoded by the client)
   * @return the poll, without {@code service_id}, {@code plan_id} or {@code operation}
   */
  public static LastOperation instance(String instanceId) {
    return new LastOperation(Objects.requireNonNull(instanceId, "instanceId == null"), null,
        null, null);
  }

  /**
   * Sets {@code service_id}.
   *
   * @param value the service offering's id
   * @return a copy with it
   */
  public LastOperation service(String value) {
    return new LastOperation(instanceId, Objects.requireNonNull(value, "serviceId == null"),
        planId, operation);
  }

  /**
   * Sets {@code plan_id}.
   *
   * @param value the plan's id
   * @return a copy with it
   */
  public LastOperation plan(String value) {
    return new LastOperation(instanceId, serviceId,
        Objects.requireNonNull(value, "planId == null"), operation);
  }

  /**
   * Sets {@code operation}: the value a broker's 202 answered, which it may leave out, so null
   * is allowed here and leaves the parameter out.
   *
   * @param value the operation the broker answered, or null for none
   * @return a copy with it
   */
  public LastOperation operation(String value) {
    return new LastOperation(instanceId, serviceId, planId, value);
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

  /** @return {@code operation}, or null when not sent */
  public String operation() {
    return operation;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LastOperation l && instanceId.equals(l.instanceId)
        && Objects.equals(serviceId, l.serviceId) && Objects.equals(planId, l.planId)
        && Objects.equals(operation, l.operation);
  }

  @Override
  public int hashCode() {
    return Objects.hash(instanceId, serviceId, planId, operation);
  }

  @Override
  public String toString() {
    return "LastOperation[instanceId=" + instanceId + ", serviceId=" + serviceId + ", planId="
        + planId + ", operation=" + operation + "]";
  }
}

package io.github.osbsdk.broker.testkit.client;

import java.util.Objects;

/**
 * A poll of a binding's last operation for
 * {@link OsbClient#bindingLastOperation(BindingLastOperation)}, {@code GET
 * /v2/service_instances/:instance_id/service_bindings/:binding_id/last_operation}. Each value is
 * set by a method named after it, as for {@link Unbind}, so that two of them cannot be swapped
 * without it showing:
 *
 * <pre>{@code
 * client.bindingLastOperation(BindingLastOperation.instance(instanceId).binding(bindingId)
 *     .service(serviceId).plan(planId).operation(operation));
 * }</pre>
 *
 * <p>Immutable: each method returns a new value. {@code service_id}, {@code plan_id} and
 * {@code operation} are left out of the query until set.
 */
public final class BindingLastOperation {
  private final String instanceId;
  private final String bindingId;
  private final String serviceId;
  private final String planId;
  private final String operation;

  private BindingLastOperation(String instanceId, String bindingId, String serviceId,
      String planId, String operation) {
    this.instanceId = instanceId;
    this.bindingId = bindingId;
    this.serviceId = serviceId;
    this.planId = planId;
    this.operation = operation;
  }

  /**
   * Starts a poll of the last operation of a binding of this instance.
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
  public BindingLastOperation service(String value) {
    return new BindingLastOperation(instanceId, bindingId,
        Objects.requireNonNull(value, "serviceId == null"), planId, operation);
  }

  /**
   * Sets {@code plan_id}.
   *
   * @param value the plan's id
   * @return a copy with it
   */
  public BindingLastOperation plan(String value) {
    return new BindingLastOperation(instanceId, bindingId, serviceId,
        Objects.requireNonNull(value, "planId == null"), operation);
  }

  /**
   * Sets {@code operation}: the value a broker's 202 answered, which it may leave out, so null
   * is allowed here and leaves the parameter out.
   *
   * @param value the operation the broker answered, or null for none
   * @return a copy with it
   */
  public BindingLastOperation operation(String value) {
    return new BindingLastOperation(instanceId, bindingId, serviceId, planId, value);
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

  /** @return {@code operation}, or null when not sent */
  public String operation() {
    return operation;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BindingLastOperation l && instanceId.equals(l.instanceId)
        && bindingId.equals(l.bindingId) && Objects.equals(serviceId, l.serviceId)
        && Objects.equals(planId, l.planId) && Objects.equals(operation, l.operation);
  }

  @Override
  public int hashCode() {
    return Objects.hash(instanceId, bindingId, serviceId, planId, operation);
  }

  @Override
  public String toString() {
    return "BindingLastOperation[instanceId=" + instanceId + ", bindingId=" + bindingId
        + ", serviceId=" + serviceId + ", planId=" + planId + ", operation=" + operation + "]";
  }

  /** The instance of a {@link BindingLastOperation} whose binding is not named yet. */
  public static final class OfInstance {
    private final String instanceId;

    private OfInstance(String instanceId) {
      this.instanceId = instanceId;
    }

    /**
     * Names the binding whose last operation to poll.
     *
     * @param bindingId the binding id (encoded by the client)
     * @return the poll, without {@code service_id}, {@code plan_id} or {@code operation}
     */
    public BindingLastOperation binding(String bindingId) {
      return new BindingLastOperation(instanceId,
          Objects.requireNonNull(bindingId, "bindingId == null"), null, null, null);
    }
  }
}

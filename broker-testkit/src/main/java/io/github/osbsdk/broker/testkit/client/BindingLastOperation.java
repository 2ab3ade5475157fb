package io.github.osbsdk.broker.testkit.client;

import io.github.osbsdk.broker.testkit.client.ResourceQuery.LastParameter;
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
  private final ResourceQuery query;

  private BindingLastOperation(ResourceQuery query) {
    this.query = query;
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
    return new BindingLastOperation(query.service(value));
  }

  /**
   * Sets {@code plan_id}.
   *
   * @param value the plan's id
   * @return a copy with it
   */
  public BindingLastOperation plan(String value) {
    return new BindingLastOperation(query.plan(value));
  }

  /**
   * Sets {@code operation}: the value a broker's 202 answered, which it may leave out, so null
   * is allowed here and leaves the parameter out.
   *
   * @param value the operation the broker answered, or null for none
   * @return a copy with it
   */
  public BindingLastOperation operation(String value) {
    return new BindingLastOperation(query.operation(value));
  }

  /**
   * The instance the polled binding belongs to.
   *
   * @return the instance id
   */
  public String instanceId() {
    return query.instanceId();
  }

  /**
   * The binding whose operation is polled.
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
   * @return whether {@code o} is a {@code BindingLastOperation} with the same instance and binding
   *     ids, {@code service_id}, {@code plan_id} and {@code operation}
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof BindingLastOperation l && query.equals(l.query);
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
   * @return {@code BindingLastOperation[instanceId=.., bindingId=.., serviceId=..,
   *     planId=.., operation=..]}
   */
  @Override
  public String toString() {
    return query.describe("BindingLastOperation");
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
      return new BindingLastOperation(
          ResourceQuery.binding(instanceId, bindingId, LastParameter.OPERATION));
    }
  }
}

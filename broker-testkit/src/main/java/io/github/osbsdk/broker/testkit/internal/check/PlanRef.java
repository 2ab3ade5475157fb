package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A plan with its service.
 *
 * @param service the service offering
 * @param plan the plan
 */
public record PlanRef(ServiceOffering service, Plan plan) {
  /** Validates. */
  public PlanRef {
    Objects.requireNonNull(service, "service == null");
    Objects.requireNonNull(plan, "plan == null");
  }

  /** @return {@code service-name/plan-name} */
  public String label() {
    return service.name() + "/" + plan.name();
  }

  /** @return the service id */
  public String serviceId() {
    return service.id();
  }

  /** @return the plan id */
  public String planId() {
    return plan.id();
  }

  /** @return whether instances of the plan are bindable per the catalog */
  public boolean bindable() {
    return service.isBindable(plan);
  }

  /** @return whether instances of the plan may change plans per the catalog */
  public boolean planUpdateable() {
    return service.isPlanUpdateable(plan);
  }

  /** @return another plan of the same service */
  public Optional<PlanRef> otherPlan() {
    return otherPlans().stream().findFirst();
  }

  /**
   * The other plans of the same service, in catalog order.
   *
   * @return the other plans of the same service, in catalog order
   */
  public List<PlanRef> otherPlans() {
    if (service.plans() == null) {
      return List.of();
    }
    return service.plans().stream().filter(p -> !p.id().equals(plan.id()))
        .map(p -> new PlanRef(service, p)).toList();
  }
}

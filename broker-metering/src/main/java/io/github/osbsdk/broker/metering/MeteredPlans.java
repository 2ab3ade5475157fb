package io.github.osbsdk.broker.metering;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The metered plans a reporter accepts usage for, by plan id. Immutable.
 */
public final class MeteredPlans {
  private final Map<String, MeteredPlan> byPlanId;

  private MeteredPlans(Collection<MeteredPlan> plans) {
    this.byPlanId = plans.stream().collect(Collectors.toUnmodifiableMap(MeteredPlan::planId,
        Function.identity(), (a, b) -> {
          throw new IllegalArgumentException("plan " + a.planId() + " appears twice");
        }));
    if (byPlanId.isEmpty()) {
      throw new IllegalArgumentException("at least one metered plan is needed");
    }
  }

  /**
   * Creates the set.
   *
   * @param plans the plans, plan ids unique
   * @return the set
   * @throws IllegalArgumentException when a plan id appears twice or no plan is given
   */
  public static MeteredPlans of(MeteredPlan... plans) {
    return new MeteredPlans(List.of(plans));
  }

  /**
   * Creates the set.
   *
   * @param plans the plans, plan ids unique
   * @return the set
   * @throws IllegalArgumentException when a plan id appears twice or no plan is given
   */
  public static MeteredPlans of(Collection<MeteredPlan> plans) {
    return new MeteredPlans(List.copyOf(Objects.requireNonNull(plans, "plans == null")));
  }

  /**
   * Looks a plan up.
   *
   * @param planId the plan id
   * @return the plan, or empty when it is not metered (or {@code planId} is null)
   */
  public Optional<MeteredPlan> plan(String planId) {
    return planId == null ? Optional.empty() : Optional.ofNullable(byPlanId.get(planId));
  }

  /**
   * Returns every plan.
   *
   * @return the plans
   */
  public Collection<MeteredPlan> all() {
    return byPlanId.values();
  }

  /**
   * Lists the plans for logs.
   *
   * @return {@code MeteredPlans} and the plans
   */
  @Override
  public String toString() {
    return "MeteredPlans" + byPlanId.values();
  }
}

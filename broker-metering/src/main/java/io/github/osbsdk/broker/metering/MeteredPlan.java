package io.github.osbsdk.broker.metering;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * A metered plan: the global catalog resource id its usage is reported under and the measures
 * its pricing declares. Records of the plan with any other measure are refused.
 *
 * @param resourceId the service's global catalog id ({@code {resource_id}} in the usage URL)
 * @param planId the plan's {@code id} in the broker's catalog (the {@code plan_id} the platform
 *     sends, which {@link UsageMeter#add} takes), not its name
 * @param measures the declared measures, at least one
 */
public record MeteredPlan(String resourceId, String planId, Set<String> measures) {

  /**
   * Creates a plan description.
   *
   * @param resourceId the global catalog id
   * @param planId the plan id
   * @param measures the declared measures
   */
  public MeteredPlan {
    Objects.requireNonNull(resourceId, "resourceId == null");
    Objects.requireNonNull(planId, "planId == null");
    measures = Set.copyOf(Objects.requireNonNull(measures, "measures == null"));
    if (resourceId.isBlank() || planId.isBlank() || measures.isEmpty()) {
      throw new IllegalArgumentException("a metered plan needs a resource id, a plan id and at"
          + " least one measure: " + resourceId + ", " + planId + ", " + measures);
    }
  }

  /**
   * Shorthand for a plan and its measures.
   *
   * @param resourceId the global catalog id
   * @param planId the plan id
   * @param measures the declared measures
   * @return the plan
   */
  public static MeteredPlan of(String resourceId, String planId, String... measures) {
    return new MeteredPlan(resourceId, planId, Set.copyOf(Arrays.asList(measures)));
  }
}

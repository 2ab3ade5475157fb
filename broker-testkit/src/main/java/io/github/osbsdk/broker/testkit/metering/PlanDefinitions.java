package io.github.osbsdk.broker.testkit.metering;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The metering definitions declared to a {@link MeteringSimulator}: each plan's measures and,
 * when declared with it, the resource (global catalog id) the plan belongs to. Thread-safe.
 */
final class PlanDefinitions {
    private final Map<String, Set<String>> measures = new HashMap<>(); // guarded by this
    /** The resource of each plan declared with one. */
    private final Map<String, String> resources = new HashMap<>(); // guarded by this

    /**
     * Declares a plan.
     *
     * @param resourceId the plan's resource, or null for a plan taken under any resource
     * @param planId the plan
     * @param planMeasures its measures
     */
    synchronized void declare(String resourceId, String planId, String... planMeasures) {
        Objects.requireNonNull(planId, "planId == null");
        measures.put(planId, Set.copyOf(Arrays.asList(planMeasures)));
        if (resourceId == null) {
            resources.remove(planId);
        } else {
            resources.put(planId, resourceId);
        }
    }

    /** Declared measures of a plan: null when the plan is unknown, empty set when none declared. */
    synchronized Set<String> measuresOf(String planId) {
        if (measures.isEmpty()) {
            return Set.of();
        }
        return measures.get(planId);
    }

    /**
     * Tells whether a plan was declared with a resource other than {@code resourceId}: IBM
     * knows no metering definition of the plan under that resource (404).
     */
    synchronized boolean underAnotherResource(String planId, String resourceId) {
        String declared = resources.get(planId);
        return declared != null && !declared.equals(resourceId);
    }
}

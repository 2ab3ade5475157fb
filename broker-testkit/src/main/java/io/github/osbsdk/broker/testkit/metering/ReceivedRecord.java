package io.github.osbsdk.broker.testkit.metering;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A usage record the simulator accepted (per-record status 201).
 *
 * @param resourceId the {@code {resource_id}} it was posted to
 * @param resourceInstanceId {@code resource_instance_id}
 * @param planId {@code plan_id}
 * @param region {@code region}, or null
 * @param start {@code start}, epoch milliseconds
 * @param end {@code end}, epoch milliseconds
 * @param consumerId {@code consumer_id}, or null
 * @param measures quantity by measure
 */
public record ReceivedRecord(String resourceId, String resourceInstanceId, String planId,
        String region, long start, long end, String consumerId, Map<String, Double> measures) {

    /**
     * Creates a received record.
     *
     * @param resourceId the resource id
     * @param resourceInstanceId the instance
     * @param planId the plan
     * @param region the region or null
     * @param start the start
     * @param end the end
     * @param consumerId the consumer or null
     * @param measures the measures
     */
    public ReceivedRecord {
        measures = Map.copyOf(measures);
    }

    /**
     * IBM's duplicate key: instance, consumer, plan, region, start, end (a list, so that no
     * id's text can pass for another field or for a missing one).
     */
    List<Object> duplicateKey() {
        return Arrays.asList(resourceInstanceId, consumerId, planId, region, start, end);
    }
}

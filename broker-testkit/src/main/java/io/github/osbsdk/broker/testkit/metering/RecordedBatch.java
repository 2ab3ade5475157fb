package io.github.osbsdk.broker.testkit.metering;

import java.time.Instant;
import java.util.List;

/**
 * One {@code POST /v4/metering/resources/{id}/usage} request as the simulator saw it.
 *
 * @param resourceId the {@code {resource_id}} of the URL
 * @param receivedAt when the request arrived
 * @param httpStatus the status answered, or 0 when the connection was dropped
 * @param size how many records the body held (0 when it was no JSON array)
 * @param recordStatuses the per-record statuses decided, in order (empty when the whole
 *     request was refused or faulted before the records were looked at)
 */
public record RecordedBatch(String resourceId, Instant receivedAt, int httpStatus, int size,
        List<Integer> recordStatuses) {

    /**
     * Creates a recorded batch.
     *
     * @param resourceId the resource id
     * @param receivedAt the arrival time
     * @param httpStatus the answered status
     * @param size the record count
     * @param recordStatuses the per-record statuses
     */
    public RecordedBatch {
        recordStatuses = List.copyOf(recordStatuses);
    }
}

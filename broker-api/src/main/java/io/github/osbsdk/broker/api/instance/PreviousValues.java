package io.github.osbsdk.broker.api.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;

/**
 * {@code previous_values} of an update request.
 *
 * @param serviceId deprecated {@code service_id}, may be null
 * @param planId the plan before the update, may be null
 * @param organizationId deprecated {@code organization_id}, may be null
 * @param spaceId deprecated {@code space_id}, may be null
 * @param maintenanceInfo the maintenance info before the update, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PreviousValues(
    @JsonProperty("service_id") String serviceId,
    @JsonProperty("plan_id") String planId,
    @JsonProperty("organization_id") String organizationId,
    @JsonProperty("space_id") String spaceId,
    @JsonProperty("maintenance_info") MaintenanceInfo maintenanceInfo) {}

package io.github.osbsdk.broker.api.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code PUT /bluemix_v1/service_instances/:instance_id}.
 *
 * <p>Reason codes IBM Cloud sends include {@code IBMCLOUD_ACCT_ACTIVATE},
 * {@code IBMCLOUD_RECLAMATION_RESTORE}, {@code IBMCLOUD_SERVICE_INSTANCE_BELOW_CAP} (enable),
 * {@code IBMCLOUD_ACCT_SUSPEND}, {@code IBMCLOUD_RECLAMATION_SCHEDULE},
 * {@code IBMCLOUD_SERVICE_INSTANCE_ABOVE_CAP} (disable), {@code IBMCLOUD_ADMIN_REQUEST} (either)
 * and legacy {@code BMX_*} codes; unknown codes are accepted.
 *
 * <p>{@code enabled} is required on the wire: the SDK answers a body without it (or with
 * {@code null}, or not a boolean) 400 before any provider is called, so every update a provider
 * sees names the requested state.
 *
 * @param enabled the requested state
 * @param initiatorId who asked, may be null
 * @param reasonCode why, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceStateUpdate(
    @JsonProperty("enabled") boolean enabled,
    @JsonProperty("initiator_id") String initiatorId,
    @JsonProperty("reason_code") String reasonCode) {}

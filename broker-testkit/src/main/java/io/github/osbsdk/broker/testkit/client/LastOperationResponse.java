package io.github.osbsdk.broker.testkit.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.OperationState;

/**
 * The body of a {@code last_operation} answer as a broker sent it, every field as it came (a
 * broker under test may send flags the specification does not allow; the raw JSON of the
 * {@link OsbResponse} shows them too).
 *
 * @param state {@code state}, null when the broker sent none (an unknown state is no body at all)
 * @param description {@code description}, may be null
 * @param instanceUsable {@code instance_usable}, may be null
 * @param updateRepeatable {@code update_repeatable}, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LastOperationResponse(@JsonProperty("state") OperationState state,
    @JsonProperty("description") String description,
    @JsonProperty("instance_usable") Boolean instanceUsable,
    @JsonProperty("update_repeatable") Boolean updateRepeatable) {}

package io.github.osbsdk.broker.testkit.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An OSB error body as the client read it ({@link OsbResponse#error()}): the fields of OSB 2.17's
 * error response; unknown fields are ignored.
 *
 * @param error a CamelCase error code, may be null
 * @param description user-facing text, may be null
 * @param instanceUsable only on failed update or deprovision, may be null
 * @param updateRepeatable only on failed update, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorResponse(
    @JsonProperty("error") String error,
    @JsonProperty("description") String description,
    @JsonProperty("instance_usable") Boolean instanceUsable,
    @JsonProperty("update_repeatable") Boolean updateRepeatable) {}

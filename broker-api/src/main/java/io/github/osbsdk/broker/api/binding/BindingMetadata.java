package io.github.osbsdk.broker.api.binding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code metadata} of a binding response. The SDK answers a bind or fetch whose times are not
 * ISO 8601 date-times (extended format, e.g. {@code 2026-12-31T23:59:59Z}) as a provider bug:
 * logged, 500. The record itself does not check them, so a platform's or registry's copy can
 * always be read.
 *
 * @param expiresAt ISO 8601 time when the credentials expire, may be null
 * @param renewBefore ISO 8601 time before which the binding should be rotated, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BindingMetadata(
    @JsonProperty("expires_at") String expiresAt,
    @JsonProperty("renew_before") String renewBefore) {}

package io.github.osbsdk.broker.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The OSB error body.
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
    @JsonProperty("update_repeatable") Boolean updateRepeatable) {

  /**
   * @param e the exception
   * @return its error body
   */
  public static ErrorResponse of(ServiceBrokerException e) {
    return new ErrorResponse(e.error(), e.description(), e.instanceUsable(), e.updateRepeatable());
  }
}

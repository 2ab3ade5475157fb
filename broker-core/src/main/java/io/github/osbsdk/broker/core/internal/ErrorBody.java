package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.ServiceBrokerException;

/**
 * The OSB error body the broker sends. Internal; the testkit's client reads it as its own
 * {@code ErrorResponse}.
 *
 * @param error a CamelCase error code, may be null
 * @param description user-facing text, may be null
 * @param instanceUsable only on failed update or deprovision, may be null
 * @param updateRepeatable only on failed update, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorBody(
    @JsonProperty("error") String error,
    @JsonProperty("description") String description,
    @JsonProperty("instance_usable") Boolean instanceUsable,
    @JsonProperty("update_repeatable") Boolean updateRepeatable) {

  /**
   * Returns the body of an exception.
   *
   * @param e the exception
   * @return its error body
   */
  public static ErrorBody of(ServiceBrokerException e) {
    return new ErrorBody(e.error(), e.description(), e.instanceUsable(), e.updateRepeatable());
  }
}

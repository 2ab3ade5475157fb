package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.LastOperation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** The SDK's successful JSON responses. */
final class JsonResponses {
  private JsonResponses() {}

  static Response json(int status, Object entity) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(entity).build();
  }

  /**
   * A {@code last_operation} answer: its body, and {@code Retry-After} in whole seconds (rounded
   * down, none under 1 s) for an operation in progress that names a wait.
   */
  static Response lastOperation(LastOperation op, boolean bindingEndpoint) {
    Response.ResponseBuilder r = Response.ok(LastOperationBody.of(op, bindingEndpoint),
        MediaType.APPLICATION_JSON_TYPE);
    if (op instanceof LastOperation.InProgress p && p.retryAfter() != null) {
      long seconds = p.retryAfter().toSeconds();
      if (seconds >= 1) {
        r.header("Retry-After", seconds);
      }
    }
    return r.build();
  }

  /**
   * @param seconds a {@code Retry-After} in seconds, or null
   * @return it as a duration, or null
   */
  static Duration seconds(Integer seconds) {
    return seconds == null ? null : Duration.ofSeconds(seconds);
  }
}

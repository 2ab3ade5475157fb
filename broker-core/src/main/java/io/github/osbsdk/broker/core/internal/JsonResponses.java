package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.LastOperation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** The SDK's successful JSON responses. */
final class JsonResponses {
  /** The standard statuses by code: {@code Response.status(int)} copies the enum's values. */
  private static final Response.Status[] STATUSES = new Response.Status[600];

  static {
    for (Response.Status s : Response.Status.values()) {
      STATUSES[s.getStatusCode()] = s;
    }
  }

  private JsonResponses() {}

  static Response json(int status, Object entity) {
    return status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(entity).build();
  }

  /**
   * {@code Response.status(code)} with the standard status of that code looked up in an array:
   * the same status (the container looks it up in {@code Response.Status} too), without
   * copying the enum's values on every response.
   */
  static Response.ResponseBuilder status(int code) {
    Response.Status s = code >= 0 && code < STATUSES.length ? STATUSES[code] : null;
    return s != null ? Response.status(s) : Response.status(code);
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

package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.LastOperation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The SDK's successful JSON responses. */
final class JsonResponses {
  private JsonResponses() {}

  static Response json(int status, Object entity) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(entity).build();
  }

  static Response lastOperation(LastOperation op, boolean bindingEndpoint) {
    LastOperation body = bindingEndpoint
        ? new LastOperation(op.state(), op.description(), null, null, op.retryAfterSeconds())
        : op;
    Response.ResponseBuilder r = Response.ok(body, MediaType.APPLICATION_JSON_TYPE);
    if (op.retryAfterSeconds() != null) {
      r.header("Retry-After", op.retryAfterSeconds());
    }
    return r.build();
  }
}

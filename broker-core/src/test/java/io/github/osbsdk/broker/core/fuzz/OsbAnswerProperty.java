package io.github.osbsdk.broker.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The property every fuzz target checks: no answer is a 5xx, and every error on a broker path is
 * an OSB error body ({@code {"description": "..."}} as {@code application/json}). Plain checks
 * instead of AssertJ: it runs for every one of millions of inputs.
 */
final class OsbAnswerProperty {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OsbAnswerProperty() {}

  /**
   * @param method the request method ({@code HEAD} answers have no body to check)
   * @param reply the answer
   * @param request what was sent, for the failure message
   */
  static void check(String method, InMemoryBroker.Reply reply, String request) {
    if (reply.status() >= 500) {
      throw new AssertionError("5xx for " + request + "\n -> " + reply);
    }
    // the request id header marks every answer of the SDK's filters (broker paths only)
    if (reply.status() >= 400 && reply.requestId() != null) {
      String type = reply.contentType();
      if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
        throw new AssertionError("error without application/json for " + request + "\n -> "
            + reply);
      }
      if (method.equals("HEAD")) {
        return;
      }
      JsonNode body;
      try {
        body = JSON.readTree(reply.body());
      } catch (IOException e) {
        throw new AssertionError("error body is not JSON for " + request + "\n -> " + reply, e);
      }
      if (body == null || !body.isObject() || !body.path("description").isTextual()) {
        throw new AssertionError("error body is not an OSB error for " + request + "\n -> "
            + reply);
      }
    }
  }

  /**
   * @param rawPath the raw path, starting with {@code /}
   * @return whether the SDK's filters answer it (as {@code BrokerPaths.isBrokerPath})
   */
  static boolean isBrokerPath(String rawPath) {
    return rawPath.equals("/v2") || rawPath.startsWith("/v2/") || rawPath.equals("/bluemix_v1")
        || rawPath.startsWith("/bluemix_v1/");
  }
}

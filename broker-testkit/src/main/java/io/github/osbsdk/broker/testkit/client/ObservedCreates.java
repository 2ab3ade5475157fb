package io.github.osbsdk.broker.testkit.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a client's {@link CreateObserver}, if it has one, of each provision and bind it sends:
 * the typed ones and a {@code PUT} sent as a {@link RawRequest} to an instance's or a binding's
 * path.
 */
final class ObservedCreates {
  /** Observes nothing: every request is just sent. */
  static final ObservedCreates NONE = new ObservedCreates(null);

  /** A PUT to this path is a provision (group 1) or a bind (groups 1 and 2). */
  private static final Pattern CREATE_PATH = Pattern.compile(
      "/v2/service_instances/([^/?#;]+)(?:/service_bindings/([^/?#;]+))?");

  private final CreateObserver observer;

  /** @param observer the observer, null for none */
  ObservedCreates(CreateObserver observer) {
    this.observer = observer;
  }

  /**
   * Sends a provision or bind, telling the observer before and once it has ended, also when no
   * answer came.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id, null for a provision
   * @param body the body as given to the client
   * @param send sends the request
   * @param <T> the body type of the answer
   * @return the answer
   */
  <T> OsbResponse<T> send(String instanceId, String bindingId, Object body,
      Supplier<OsbResponse<T>> send) {
    if (observer == null) {
      return send.get();
    }
    observer.creating(instanceId, bindingId, body);
    OsbResponse<T> answer = null;
    try {
      answer = send.get();
      return answer;
    } finally {
      observer.ended(instanceId, bindingId, answer);
    }
  }

  /**
   * Sends a raw request, observed as a provision or bind when it is a {@code PUT} to an
   * instance's or a binding's path whose ids are valid percent-encodings.
   *
   * @param request the request
   * @param send sends it
   * @return the answer
   */
  OsbResponse<JsonNode> send(RawRequest request, Supplier<OsbResponse<JsonNode>> send) {
    Matcher create = CREATE_PATH.matcher(request.path());
    if (observer == null || !"PUT".equals(request.method()) || !create.matches()) {
      return send.get();
    }
    String instanceId = decodeId(create.group(1));
    String bindingId = create.group(2) == null ? null : decodeId(create.group(2));
    if (instanceId == null || create.group(2) != null && bindingId == null) {
      return send.get();
    }
    return send(instanceId, bindingId, request.body(), send);
  }

  /** The id a path segment encodes, null when it is no valid percent-encoding. */
  private static String decodeId(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

package io.github.osbsdk.broker.testkit.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Deprovision}, {@link FetchBinding}, {@link Unbind}, {@link LastOperation} and
 * {@link BindingLastOperation} hold: the instance (and binding) a request is about and the query
 * parameters it sends. Each of those public values wraps one of these, so the copy-on-set,
 * {@code equals}, {@code hashCode}, {@code toString} and the path and query are written once.
 *
 * @param instanceId the instance id, never null
 * @param bindingId the binding id, or null for a request about the instance itself
 * @param serviceId {@code service_id}, or null when not sent
 * @param planId {@code plan_id}, or null when not sent
 * @param operation {@code operation}, or null when not sent
 * @param acceptsIncomplete whether {@code accepts_incomplete=true} is sent
 * @param last the parameter, besides the ids, that the request has (for {@code toString})
 */
record ResourceQuery(String instanceId, String bindingId, String serviceId, String planId,
    String operation, boolean acceptsIncomplete, LastParameter last) {

  /** The query parameter, besides {@code service_id} and {@code plan_id}, a request has. */
  enum LastParameter { NONE, ACCEPTS_INCOMPLETE, OPERATION }

  static ResourceQuery instance(String instanceId, LastParameter last) {
    return new ResourceQuery(Objects.requireNonNull(instanceId, "instanceId == null"), null,
        null, null, null, false, last);
  }

  static ResourceQuery binding(String instanceId, String bindingId, LastParameter last) {
    return new ResourceQuery(instanceId, Objects.requireNonNull(bindingId, "bindingId == null"),
        null, null, null, false, last);
  }

  ResourceQuery service(String value) {
    return new ResourceQuery(instanceId, bindingId,
        Objects.requireNonNull(value, "serviceId == null"), planId, operation, acceptsIncomplete,
        last);
  }

  ResourceQuery plan(String value) {
    return new ResourceQuery(instanceId, bindingId, serviceId,
        Objects.requireNonNull(value, "planId == null"), operation, acceptsIncomplete, last);
  }

  ResourceQuery operation(String value) {
    return new ResourceQuery(instanceId, bindingId, serviceId, planId, value, acceptsIncomplete,
        last);
  }

  ResourceQuery acceptsIncomplete(boolean value) {
    return new ResourceQuery(instanceId, bindingId, serviceId, planId, operation, value, last);
  }

  /** The path of the instance, or of its binding, with each id encoded once. */
  String path() {
    return bindingId == null ? Requests.instancePath(instanceId)
        : Requests.bindingPath(instanceId, bindingId);
  }

  /** The query parameters that are set: service_id, plan_id, operation, accepts_incomplete. */
  Map<String, String> parameters() {
    Map<String, String> q = new LinkedHashMap<>();
    putIfSet(q, "service_id", serviceId);
    putIfSet(q, "plan_id", planId);
    putIfSet(q, "operation", operation);
    if (acceptsIncomplete) {
      q.put("accepts_incomplete", "true");
    }
    return q;
  }

  /** {@code Type[instanceId=.., bindingId=.., serviceId=.., planId=.., ..]}, as each type had. */
  String describe(String type) {
    StringBuilder s = new StringBuilder(type).append("[instanceId=").append(instanceId);
    if (bindingId != null) {
      s.append(", bindingId=").append(bindingId);
    }
    s.append(", serviceId=").append(serviceId).append(", planId=").append(planId);
    switch (last) {
      case ACCEPTS_INCOMPLETE -> s.append(", acceptsIncomplete=").append(acceptsIncomplete);
      case OPERATION -> s.append(", operation=").append(operation);
      case NONE -> { }
    }
    return s.append(']').toString();
  }

  private static void putIfSet(Map<String, String> q, String name, String value) {
    if (value != null) {
      q.put(name, value);
    }
  }
}

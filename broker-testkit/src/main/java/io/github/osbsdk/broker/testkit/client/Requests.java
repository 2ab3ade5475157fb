package io.github.osbsdk.broker.testkit.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.osbsdk.broker.testkit.internal.client.LenientMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Paths, query parameters and JSON bodies of the typed requests. */
final class Requests {
  private Requests() {}

  static String instancePath(String instanceId) {
    return "/v2/service_instances/" + OsbClient.encodeId(instanceId);
  }

  static String bindingPath(String instanceId, String bindingId) {
    return instancePath(instanceId) + "/service_bindings/" + OsbClient.encodeId(bindingId);
  }

  static Map<String, String> incomplete(boolean acceptsIncomplete) {
    return acceptsIncomplete ? Map.of("accepts_incomplete", "true") : Map.of();
  }

  static Map<String, String> ids(String serviceId, String planId) {
    Map<String, String> q = new LinkedHashMap<>();
    if (serviceId != null) {
      q.put("service_id", serviceId);
    }
    if (planId != null) {
      q.put("plan_id", planId);
    }
    return q;
  }

  static String json(Object body) {
    if (body == null) {
      return null;
    }
    try {
      return body instanceof String s ? s : LenientMapper.MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("body is not serializable as JSON", e);
    }
  }
}

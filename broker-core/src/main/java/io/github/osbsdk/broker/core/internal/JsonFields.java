package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import java.util.Map;

/** Typed access to fields of a request body; every problem is a 400 naming the field. */
public final class JsonFields {
  private final ObjectMapper mapper;

  /** @param mapper the shared mapper */
  public JsonFields(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * @param body the body
   * @param field the field name
   * @param required whether absence (or JSON null or an empty string) is an error
   * @return the string, or null when absent
   */
  public String string(ObjectNode body, String field, boolean required) {
    return string(body, field, required, field);
  }

  private static String string(JsonNode body, String field, boolean required, String path) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw ServiceBrokerException.badRequest("The field '" + path + "' is required.");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw ServiceBrokerException.badRequest("The field '" + path + "' must be a string.");
    }
    String s = n.textValue();
    if (required && s.isEmpty()) {
      throw ServiceBrokerException.badRequest("The field '" + path + "' must not be empty.");
    }
    return s;
  }

  /**
   * @param body the body
   * @param field the field name
   * @return the JSON object as a mutable map, or null when absent or JSON null
   */
  public Map<String, Object> object(ObjectNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw ServiceBrokerException.badRequest("The field '" + field + "' must be a JSON object.");
    }
    return mapper.convertValue(n, Json.MAP);
  }

  /**
   * @param body the body
   * @param field the field name
   * @return the object node, or null when absent or JSON null
   */
  public ObjectNode objectNode(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw ServiceBrokerException.badRequest("The field '" + field + "' must be a JSON object.");
    }
    return (ObjectNode) n;
  }

  /**
   * @param body the body
   * @param field the field name
   * @param required whether absence is an error
   * @return the boolean, or null when absent
   */
  public Boolean bool(ObjectNode body, String field, boolean required) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw ServiceBrokerException.badRequest("The field '" + field + "' is required.");
      }
      return null;
    }
    if (!n.isBoolean()) {
      throw ServiceBrokerException.badRequest("The field '" + field + "' must be a boolean.");
    }
    return n.booleanValue();
  }

  /**
   * @param body the body (or {@code previous_values})
   * @param field usually {@code maintenance_info}
   * @param path the field's path for messages
   * @return the maintenance info, or null when absent
   */
  public MaintenanceInfo maintenanceInfo(JsonNode body, String field, String path) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw ServiceBrokerException.badRequest("The field '" + path + "' must be a JSON object.");
    }
    return new MaintenanceInfo(string(n, "version", true, path + ".version"),
        string(n, "description", false, path + ".description"));
  }

  /**
   * @param body an object
   * @param field a field
   * @param path the field's path for messages
   * @return the optional string
   */
  public String optionalString(JsonNode body, String field, String path) {
    return string(body, field, false, path);
  }
}

package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import io.github.osbsdk.broker.api.internal.Texts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
   * @throws io.github.osbsdk.broker.api.ServiceBrokerException 400 when it is not a string, is
   *     missing or empty though required, or holds a control character (the fields read here
   *     are ids, GUIDs and codes)
   */
  public String string(ObjectNode body, String field, boolean required) {
    return string(body, field, required, field);
  }

  /** An id, GUID or code: {@link #text} without control characters. */
  private static String string(JsonNode body, String field, boolean required, String path) {
    String s = text(body, field, required, path);
    if (s != null && Texts.hasControlCharacter(s)) {
      // no id, GUID or code has one, and a database cannot keep U+0000
      throw ServiceBrokerException.badRequest("The field '" + path
          + "' must not contain control characters.");
    }
    return s;
  }

  /** A string field, free text allowed. */
  private static String text(JsonNode body, String field, boolean required, String path) {
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
    return toMap((ObjectNode) n);
  }

  /**
   * @param node an object node, or null
   * @return null for null, else the object as a mutable map, exactly as
   *     {@code mapper.convertValue(node, JacksonConfiguration.MAP)}
   *     gives it (nested {@code LinkedHashMap}s and {@code ArrayList}s, Integer/Long/BigInteger,
   *     Double, String, Boolean, null), built by walking the tree instead of through a token
   *     buffer
   */
  public Map<String, Object> toMap(ObjectNode node) {
    return node == null ? null : linkedMap(node);
  }

  /**
   * @param node an object node, or null
   * @return null for null, else {@link #toMap}'s map made deeply unmodifiable without copying it
   *     ({@link JsonCopies#adoptOrNull}): the same map the SPI's records copy a request's maps
   *     into, which they keep as it is
   */
  Map<String, Object> toFrozenMap(ObjectNode node) {
    return node == null ? null : JsonCopies.adoptOrNull(linkedMap(node));
  }

  private LinkedHashMap<String, Object> linkedMap(ObjectNode node) {
    LinkedHashMap<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      map.put(e.getKey(), toJava(e.getValue()));
    }
    return map;
  }

  private Object toJava(JsonNode n) {
    switch (n.getNodeType()) {
      case OBJECT:
        return linkedMap((ObjectNode) n);
      case ARRAY:
        List<Object> list = new ArrayList<>(n.size());
        for (JsonNode element : n) {
          list.add(toJava(element));
        }
        return list;
      case STRING:
        return n.textValue();
      case BOOLEAN:
        return n.booleanValue();
      case NULL:
        return null;
      case NUMBER:
        if (n.isInt() || n.isLong() || n.isBigInteger() || n.isDouble()) {
          return n.numberValue();
        }
        return mapper.convertValue(n, Object.class); // decimal, float, short: Jackson's rules
      default:
        return mapper.convertValue(n, Object.class);
    }
  }

  /**
   * The request's {@code context}: an object whose {@code platform}, when present, is a
   * non-empty string (the profile's platform names; an originating identity is checked
   * against it).
   *
   * @param body the body
   * @return the context node, or null when absent or JSON null
   * @throws ServiceBrokerException 400 when it is not an object or its platform not a string
   */
  public ObjectNode context(JsonNode body) {
    ObjectNode context = objectNode(body, "context");
    JsonNode platform = context == null ? null : context.get("platform");
    if (platform != null && !platform.isNull()
        && (!platform.isTextual() || platform.textValue().isEmpty())) {
      throw ServiceBrokerException.badRequest("The field 'context.platform' must be a non-empty"
          + " string.");
    }
    return context;
  }

  /**
   * The {@code bind_resource} keys that, when present and not JSON null, must be non-empty
   * strings without control characters: OSB's {@code app_guid} (an application's GUID, as the
   * top-level {@code app_guid} must be) and {@code route} (a URL), and the Cloud Foundry
   * profile's {@code space_guid} ("if present, MUST be a non-empty string").
   */
  private static final List<String> BIND_RESOURCE_IDS = List.of("app_guid", "route",
      "space_guid");
  /**
   * IBM Cloud's {@code bind_resource} keys, handed to the provider as strings: strings when
   * present and not JSON null (no rule makes them non-empty).
   */
  private static final List<String> BIND_RESOURCE_STRINGS = List.of("account_id",
      "serviceid_crn", "target_crn");

  /**
   * The request's {@code bind_resource}: an object whose known keys, which the SPI's
   * {@code BindResource} hands to the provider as strings, are strings (OSB's {@code app_guid}
   * and {@code route} and the profile's {@code space_guid} also non-empty, without control
   * characters); every other key is kept as sent.
   *
   * @param body the body
   * @return the bind resource node, or null when absent or JSON null
   * @throws ServiceBrokerException 400 when it is not an object or one of those keys breaks its
   *     rule
   */
  public ObjectNode bindResource(JsonNode body) {
    ObjectNode resource = objectNode(body, "bind_resource");
    if (resource == null) {
      return null;
    }
    for (String key : BIND_RESOURCE_IDS) {
      String path = "bind_resource." + key;
      String s = string(resource, key, false, path);
      if (s != null && s.isEmpty()) {
        throw ServiceBrokerException.badRequest("The field '" + path + "' must not be empty.");
      }
    }
    for (String key : BIND_RESOURCE_STRINGS) {
      text(resource, key, false, "bind_resource." + key);
    }
    return resource;
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
    String version = string(n, "version", true, path + ".version");
    if (version.isBlank()) { // no version of any plan: refused as an empty one is
      throw ServiceBrokerException.badRequest("The field '" + path
          + ".version' must not be blank.");
    }
    return new MaintenanceInfo(version, text(n, "description", false, path + ".description"));
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

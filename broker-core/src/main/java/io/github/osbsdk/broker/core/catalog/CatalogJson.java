package io.github.osbsdk.broker.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.catalog.Catalog;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a catalog from JSON for {@link CatalogValidator#validateJson(String)}: a required text
 * the JSON lacks (which the records refuse) is noted and replaced by an empty stand-in, and so is
 * a blank {@code dashboard_client.id} or {@code maintenance_info.version} (which their records
 * refuse too), so the catalog can be read and every problem reported at once.
 */
final class CatalogJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final List<String> REQUIRED_TEXTS = List.of("id", "name", "description");
  /** What stands in for a required text its record refuses blank; never reported itself. */
  private static final String NOT_BLANK = "-";

  private CatalogJson() {}

  static CatalogReport validate(String json) {
    JsonNode root;
    try {
      root = json == null ? null : MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      Problems p = new Problems();
      p.error("", "is not JSON: " + MessageValues.clean(e.getOriginalMessage()));
      return p.report();
    }
    if (!(root instanceof ObjectNode catalog)) {
      Problems p = new Problems();
      p.error("", root == null || root.isMissingNode() ? "the catalog is null"
          : "is not a JSON object");
      return p.report();
    }
    Set<String> missing = new HashSet<>();
    Map<String, String> blank = new HashMap<>();
    JsonNode services = catalog.get("services");
    if (services == null || services.isNull()) {
      return servicesMissing();
    }
    for (int i = 0; i < services.size(); i++) {
      if (services.get(i) instanceof ObjectNode service) {
        String path = "services[" + i + "]";
        standIns(service, path, missing);
        standIn(service.get("dashboard_client"), "id", path + ".dashboard_client", missing,
            blank);
        JsonNode plans = service.get("plans");
        for (int j = 0; plans != null && plans.isArray() && j < plans.size(); j++) {
          if (plans.get(j) instanceof ObjectNode plan) {
            String at = path + ".plans[" + j + "]";
            standIns(plan, at, missing);
            standIn(plan.get("maintenance_info"), "version", at + ".maintenance_info", missing,
                blank);
          }
        }
      }
    }
    Catalog read;
    try {
      read = MAPPER.treeToValue(catalog, Catalog.class);
    } catch (JsonMappingException e) {
      Problems p = new Problems();
      p.error(path(e), "does not match the OSB model: "
          + MessageValues.clean(e.getOriginalMessage()));
      return p.report();
    } catch (JsonProcessingException e) {
      Problems p = new Problems();
      p.error("", "does not match the OSB model: " + MessageValues.clean(e.getOriginalMessage()));
      return p.report();
    }
    return CatalogValidator.validate(read, new Problems(missing, blank));
  }

  private static CatalogReport servicesMissing() {
    Problems p = new Problems();
    p.error("services", "is required (an array, which may be empty)");
    return p.report();
  }

  private static void standIns(ObjectNode object, String path, Set<String> missing) {
    for (String field : REQUIRED_TEXTS) {
      JsonNode value = object.get(field);
      if (value == null || value.isNull()) {
        object.put(field, "");
        missing.add(path + "." + field);
      }
    }
  }

  /**
   * Puts a non-blank stand-in in place of a text of {@code object} (if it is an object) that is
   * absent, null or blank, noting which it was.
   */
  private static void standIn(JsonNode object, String field, String path, Set<String> missing,
      Map<String, String> blank) {
    if (!(object instanceof ObjectNode o)) {
      return;
    }
    JsonNode value = o.get(field);
    if (value == null || value.isNull()) {
      missing.add(path + "." + field);
    } else if (value.isTextual() && value.textValue().isBlank()) {
      blank.put(path + "." + field, value.textValue());
    } else {
      return;
    }
    o.put(field, NOT_BLANK);
  }

  /** The JSON path of a mapping problem, e.g. {@code services[0].plans[1].free}. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(MessageValues.pathKey(r.getFieldName()));
      } else if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}

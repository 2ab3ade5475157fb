package io.github.osbsdk.broker.testkit.mutants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The catalog of the reference broker: service {@code ref-db} with a synchronous plan with a
 * schema and maintenance info, an async-only plan, a non-bindable plan and a non-updateable plan;
 * service {@code ref-cache} with one plan (for "plan of another service").
 */
final class RefCatalog {
  static final String DB_SERVICE = "7c1e3d52-5b1a-4d8e-9a51-000000000001";
  static final String CACHE_SERVICE = "7c1e3d52-5b1a-4d8e-9a51-000000000002";
  static final String SYNC_PLAN = "7c1e3d52-5b1a-4d8e-9a51-000000000101";
  static final String ASYNC_PLAN = "7c1e3d52-5b1a-4d8e-9a51-000000000102";
  static final String UNBINDABLE_PLAN = "7c1e3d52-5b1a-4d8e-9a51-000000000103";
  static final String FIXED_PLAN = "7c1e3d52-5b1a-4d8e-9a51-000000000104";
  static final String CACHE_PLAN = "7c1e3d52-5b1a-4d8e-9a51-000000000201";
  static final String MAINTENANCE_VERSION = "1.2.0";

  private static final String SCHEMA = """
      {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
       "properties": {"size": {"type": "integer", "minimum": 1, "maximum": 10},
                      "location": {"type": "string"}}}""";
  private static final String BIND_SCHEMA = """
      {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
       "properties": {"role": {"type": "string", "enum": ["reader", "writer"]}}}""";

  /** One optional number, nothing else: a schema whose variant the kit must make up. */
  private static final String NUMBER_BIND_SCHEMA = """
      {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
       "additionalProperties": false,
       "properties": {"ttl_hours": {"type": "number", "minimum": 0.5, "maximum": 24}}}""";

  private static final String JSON = """
      {"services": [
        {"id": "%1$s", "name": "ref-db", "description": "Reference database", "bindable": true,
         "instances_retrievable": true, "bindings_retrievable": true, "plan_updateable": true,
         "tags": ["reference"], "metadata": {"displayName": "Reference DB"},
         "dashboard_client": {"id": "ref-db-client", "secret": "not-a-secret",
                              "redirect_uri": "http://127.0.0.1/dashboard/callback"},
         "plans": [
           {"id": "%3$s", "name": "standard", "description": "Synchronous plan",
            "free": true, "binding_rotatable": true,
            "maintenance_info": {"version": "%8$s", "description": "current"},
            "schemas": {"service_instance": {"create": {"parameters": %9$s},
                                             "update": {"parameters": %9$s}},
                        "service_binding": {"create": {"parameters": %10$s}}}},
           {"id": "%4$s", "name": "async", "description": "Asynchronous-only plan",
            "maximum_polling_duration": 10},
           {"id": "%5$s", "name": "unbound", "description": "Plan without bindings",
            "bindable": false},
           {"id": "%6$s", "name": "fixed", "description": "Plan that cannot be changed",
            "plan_updateable": false}]},
        {"id": "%2$s", "name": "ref-cache", "description": "Reference cache", "bindable": false,
         "instances_retrievable": true,
         "plans": [{"id": "%7$s", "name": "basic", "description": "Cache plan"}]}]}""";

  private final ObjectNode catalog;

  RefCatalog(ObjectMapper mapper, MutationSet mutations) {
    String text = JSON.formatted(DB_SERVICE, CACHE_SERVICE, SYNC_PLAN, ASYNC_PLAN,
        UNBINDABLE_PLAN, FIXED_PLAN, CACHE_PLAN, MAINTENANCE_VERSION, SCHEMA, BIND_SCHEMA);
    try {
      catalog = (ObjectNode) mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    if (mutations.has(Probe.BIND_CONFLICT_IGNORES_NUMBER_PARAMETER)) {
      for (JsonNode plan : catalog.get("services").get(0).get("plans")) {
        ((ObjectNode) plan).putObject("schemas").putObject("service_binding")
            .putObject("create").set("parameters", json(mapper, NUMBER_BIND_SCHEMA));
      }
    }
    if (mutations.volumeMounts()) {
      ((ObjectNode) catalog.get("services").get(0)).putArray("requires").add("volume_mount");
    }
    if (mutations.has(Probe.CATALOG_MAINTENANCE_VERSION_NOT_SEMVER)) {
      ((ObjectNode) catalog.get("services").get(1).get("plans").get(0))
          .putObject("maintenance_info").put("version", "v2");
    }
    if (mutations.has(Probe.CATALOG_DUPLICATE_PLAN_NAME)) {
      ArrayNode plans = (ArrayNode) catalog.get("services").get(1).get("plans");
      plans.addObject().put("id", "7c1e3d52-5b1a-4d8e-9a51-000000000202").put("name", "basic")
          .put("description", "Second plan named like ref-cache/basic");
    }
    if (mutations.has(Mutation.CATALOG_DUPLICATE_PLAN_ID)) {
      ArrayNode plans = (ArrayNode) catalog.get("services").get(1).get("plans");
      plans.addObject().put("id", SYNC_PLAN).put("name", "premium")
          .put("description", "Second plan reusing the id of ref-db/standard");
    }
  }

  private static JsonNode json(ObjectMapper mapper, String text) {
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return the catalog body */
  JsonNode json() {
    return catalog;
  }

  /** @return the service with that id */
  Optional<JsonNode> service(String serviceId) {
    for (JsonNode s : catalog.get("services")) {
      if (s.get("id").asText().equals(serviceId)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** @return the plan with that id in that service */
  Optional<JsonNode> plan(String serviceId, String planId) {
    return service(serviceId).flatMap(s -> find(s, planId));
  }

  /** @return the plan with that id in any service */
  Optional<JsonNode> anyPlan(String planId) {
    for (JsonNode s : catalog.get("services")) {
      Optional<JsonNode> p = find(s, planId);
      if (p.isPresent()) {
        return p;
      }
    }
    return Optional.empty();
  }

  private static Optional<JsonNode> find(JsonNode service, String planId) {
    for (JsonNode p : service.get("plans")) {
      if (p.get("id").asText().equals(planId)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  static boolean asyncOnly(String planId) {
    return ASYNC_PLAN.equals(planId);
  }

  boolean bindable(String serviceId, String planId) {
    JsonNode plan = plan(serviceId, planId).orElseThrow();
    return plan.has("bindable") ? plan.get("bindable").asBoolean()
        : service(serviceId).orElseThrow().path("bindable").asBoolean(false);
  }

  boolean updateable(String serviceId, String planId) {
    JsonNode plan = plan(serviceId, planId).orElseThrow();
    return plan.has("plan_updateable") ? plan.get("plan_updateable").asBoolean()
        : service(serviceId).orElseThrow().path("plan_updateable").asBoolean(false);
  }

  /** @return the schema at {@code schemas.<a>.<b>.parameters} of the plan, or null */
  JsonNode schema(String serviceId, String planId, String a, String b) {
    JsonNode s = plan(serviceId, planId).orElseThrow().path("schemas").path(a).path(b)
        .path("parameters");
    return s.isMissingNode() ? null : s;
  }
}

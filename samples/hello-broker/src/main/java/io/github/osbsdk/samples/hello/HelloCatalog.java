package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog of the hello-kv service: one service, four plans.
 *
 * <ul>
 *   <li>{@code sync}: free, provisioned at once, up to {@value #SMALL_KEYS} keys;</li>
 *   <li>{@code async}: provisioned in the background (202 and polling), up to
 *       {@value #SMALL_KEYS} keys;</li>
 *   <li>{@code large}: up to {@value #LARGE_KEYS} keys; {@code sync} instances may move to it
 *       and back.</li>
 *   <li>{@code metered}: up to {@value #SMALL_KEYS} keys, billed per data call (measure
 *       {@code API_CALL}, reported with broker-metering, see {@link HelloMetering}).</li>
 * </ul>
 *
 * <p>Ids and names must match the service's definition in IBM Cloud Partner Center.
 */
public final class HelloCatalog {
  /** The service id. */
  public static final String SERVICE_ID = "6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f60";
  /** The service name. */
  public static final String SERVICE_NAME = "hello-kv";
  /** The id of the free, synchronous plan. */
  public static final String SYNC_PLAN_ID = "6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f61";
  /** The id of the plan provisioned asynchronously. */
  public static final String ASYNC_PLAN_ID = "6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f62";
  /** The id of the large plan. */
  public static final String LARGE_PLAN_ID = "6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f63";
  /** The id of the plan billed per data call. */
  public static final String METERED_PLAN_ID = "6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f64";
  /** Keys per instance of the small plans. */
  public static final int SMALL_KEYS = 100;
  /** Keys per instance of the large plan. */
  public static final int LARGE_KEYS = 10_000;
  /** The current maintenance version of every plan. */
  public static final MaintenanceInfo MAINTENANCE = new MaintenanceInfo("1.0.0",
      "Initial release of the hello-kv store.");

  private static final String DRAFT_04 = "http://json-schema.org/draft-04/schema#";
  private static final Catalog CATALOG = build();

  private HelloCatalog() {}

  /**
   * The service's catalog.
   *
   * @return the catalog; always the same instance, so the SDK caches its JSON and ETag
   */
  public static Catalog catalog() {
    return CATALOG;
  }

  /**
    * How many keys an instance of a plan may hold.
    *
   * @param planId a plan id
   * @return the number of keys an instance of the plan may hold
   */
  public static int maxKeys(String planId) {
    return LARGE_PLAN_ID.equals(planId) ? LARGE_KEYS : SMALL_KEYS;
  }

  /**
    * Finds a plan of the catalog by its id.
    *
   * @param planId a plan id
   * @return the plan, if it is in the catalog
   */
  public static Optional<Plan> plan(String planId) {
    return CATALOG.services().get(0).plan(planId);
  }

  private static Catalog build() {
    Map<String, Object> serviceMetadata = new LinkedHashMap<>();
    serviceMetadata.put("displayName", "Hello KV");
    serviceMetadata.put("longDescription", "A small key-value store: each instance is a"
        + " namespace, each binding gets its own credentials for the data endpoint.");
    serviceMetadata.put("providerDisplayName", "osb-broker-sdk samples");
    serviceMetadata.put("documentationUrl", "https://github.com/osbsdk/osb-broker-sdk#readme");
    serviceMetadata.put("supportUrl", "https://github.com/osbsdk/osb-broker-sdk/issues");
    serviceMetadata.put("termsUrl", "https://www.apache.org/licenses/LICENSE-2.0");
    serviceMetadata.put("imageUrl", "https://example.com/hello-kv.svg");

    ServiceOffering service = ServiceOffering.builder(SERVICE_ID, SERVICE_NAME,
            "A key-value store offered as a service.")
        .bindable(true)
        .planUpdateable(true)
        .instancesRetrievable(true)
        .bindingsRetrievable(true)
        .tags("kv", "sample", "ibm_third_party")
        .metadata(serviceMetadata)
        .plan(plan(SYNC_PLAN_ID, "sync", "Free: up to " + SMALL_KEYS + " keys, ready at once.",
            "Sync", true, true))
        .plan(plan(ASYNC_PLAN_ID, "async", "Up to " + SMALL_KEYS
            + " keys, provisioned in the background.", "Async", true, false))
        .plan(plan(LARGE_PLAN_ID, "large", "Up to " + LARGE_KEYS + " keys.", "Large", false,
            true))
        .plan(meteredPlan())
        .build();
    return Catalog.of(service);
  }

  private static Plan plan(String id, String name, String description, String displayName,
      boolean free, boolean updateable) {
    return Plan.builder(id, name, description)
        .free(free)
        .bindable(true)
        .planUpdateable(updateable)
        .maintenanceInfo(MAINTENANCE)
        .metadata(Map.of(
            "displayName", displayName,
            "bullets", List.of(description),
            "costs", free ? List.of() : List.of(Map.of("unit", "MONTHLY",
                "unitId", "INSTANCES", "amount", Map.of("usd", 1.0)))))
        .schemas(Schemas.builder().instanceCreate(instanceSchema()).instanceUpdate(instanceSchema())
            .bindingCreate(bindingSchema()).build())
        .build();
  }

  /**
   * The plan billed per data call: {@code pricing} says it is metered and names its measure,
   * {@code costs} the price per unit.
   */
  private static Plan meteredPlan() {
    String description = "Up to " + SMALL_KEYS + " keys, billed per data call.";
    return Plan.builder(METERED_PLAN_ID, "metered", description)
        .free(false)
        .bindable(true)
        .planUpdateable(false)
        .maintenanceInfo(MAINTENANCE)
        .metadata(Map.of(
            "displayName", "Metered",
            "bullets", List.of(description),
            "pricing", Map.of("type", "metered", "measures", List.of(HelloMetering.MEASURE)),
            "costs", List.of(Map.of("unit", HelloMetering.MEASURE,
                "unitId", HelloMetering.MEASURE, "amount", Map.of("usd", 0.001)))))
        .schemas(Schemas.builder().instanceCreate(instanceSchema()).instanceUpdate(instanceSchema())
            .bindingCreate(bindingSchema()).build())
        .build();
  }

  /** Provision and update parameters; IBM Cloud adds {@code location} to every provision. */
  private static Map<String, Object> instanceSchema() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("location", Map.of("type", "string", "maxLength", 64,
        "description", "The IBM Cloud region, sent by IBM Cloud."));
    properties.put("label", Map.of("type", "string", "maxLength", 64,
        "description", "A free text label for the namespace."));
    return Map.of("$schema", DRAFT_04, "type", "object", "properties", properties,
        "additionalProperties", false);
  }

  /** Bind parameters: {@code read_only} credentials cannot write. */
  private static Map<String, Object> bindingSchema() {
    return Map.of("$schema", DRAFT_04, "type", "object",
        "properties", Map.of("read_only", Map.of("type", "boolean",
            "description", "Credentials that may only read.")),
        "additionalProperties", false);
  }
}

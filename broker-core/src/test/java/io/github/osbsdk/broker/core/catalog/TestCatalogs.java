package io.github.osbsdk.broker.core.catalog;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Catalog fixtures for the validator tests. */
final class TestCatalogs {
  static final String DRAFT_04 = "http://json-schema.org/draft-04/schema#";

  private TestCatalogs() {}

  /** A realistic IBM Cloud catalog: two services, metadata, schemas, maintenance info. */
  static Catalog ibmCloud() {
    Map<String, Object> provision = schema(Map.of(
        "type", "object",
        "properties", Map.of(
            "location", Map.of("type", "string", "enum", List.of("us-south", "eu-de")),
            "size", Map.of("type", "string", "enum", List.of("small", "large")),
            "nodes", Map.of("$ref", "#/definitions/count")),
        "definitions", Map.of("count", Map.of("type", "integer", "minimum", 1, "maximum", 9)),
        "required", List.of("location")));
    Map<String, Object> bind = schema(Map.of("type", "object",
        "properties", Map.of("role", Map.of("enum", List.of("reader", "writer")))));
    Plan lite = Plan.builder("8f3a1c22-6a1e-4b5e-9a57-3b7c1d2e4f01", "lite", "Free plan for trials")
        .free(true)
        .metadata(Map.of("displayName", "Lite", "bullets", List.of("1 GB", "Shared"),
            "costs", List.of()))
        .schemas(Schemas.builder().instanceCreate(provision).instanceUpdate(provision)
            .bindingCreate(bind).build())
        .maintenanceInfo(new MaintenanceInfo("1.4.2", "OS patches"))
        .maximumPollingDuration(3600)
        .build();
    Plan standard = Plan.builder("8f3a1c22-6a1e-4b5e-9a57-3b7c1d2e4f02", "standard",
            "Dedicated nodes, billed hourly")
        .free(false)
        .metadata(Map.of("displayName", "Standard",
            "costs", List.of(Map.of("amount", Map.of("usd", 0.12), "unit", "HOUR"))))
        .planUpdateable(true)
        .bindingRotatable(true)
        .maintenanceInfo(MaintenanceInfo.of("2.0.0-rc.1+build.7"))
        .build();
    ServiceOffering db = ServiceOffering.builder("4c8f7e2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b",
            "acme-db", "Managed document database")
        .bindable(true)
        .plan(lite)
        .plan(standard)
        .tags("database", "nosql")
        .instancesRetrievable(true)
        .bindingsRetrievable(true)
        .allowContextUpdates(true)
        .planUpdateable(false)
        .metadata(Map.of(
            "displayName", "Acme DB",
            "longDescription", "A managed document database.",
            "providerDisplayName", "Acme Inc.",
            "imageUrl", "https://acme.example.com/db.svg",
            "documentationUrl", "https://acme.example.com/docs",
            "supportUrl", "https://acme.example.com/support",
            "termsUrl", "https://acme.example.com/terms",
            "instructionsUrl", "https://acme.example.com/start"))
        .build();
    ServiceOffering cron = ServiceOffering.builder("cron.service.v1", "acme-cron", "Cron jobs")
        .bindable(false)
        .plan(Plan.builder("cron.plan.basic", "basic", "Up to 10 jobs").build())
        .build();
    return Catalog.of(db, cron);
  }

  /** A minimal valid catalog with one bindable service and one plan. */
  static Catalog minimal() {
    return Catalog.of(service("svc-1", "svc", plan("plan-1", "small")));
  }

  static ServiceOffering service(String id, String name, Plan... plans) {
    ServiceOffering.Builder b = ServiceOffering.builder(id, name, "A service").bindable(true);
    for (Plan plan : plans) {
      b.plan(plan);
    }
    return b.build();
  }

  static Plan plan(String id, String name) {
    return Plan.builder(id, name, "A plan").build();
  }

  static Plan planWithSchema(Map<String, Object> instanceCreate) {
    return Plan.builder("plan-1", "small", "A plan")
        .schemas(Schemas.builder().instanceCreate(instanceCreate).build()).build();
  }

  /** Adds {@code $schema} (draft-04) to a schema body. */
  static Map<String, Object> schema(Map<String, Object> body) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("$schema", DRAFT_04);
    s.putAll(body);
    return s;
  }

  static Catalog withPlan(Plan plan) {
    return Catalog.of(service("svc-1", "svc", plan));
  }

  /** A service built from the record constructor so that required fields can be null. */
  static ServiceOffering rawService(String id, String name, String description, Boolean bindable,
      List<Plan> plans) {
    return new ServiceOffering(id, name, description, bindable, plans, null, null, null, null,
        null, null, null, null);
  }

  static Plan rawPlan(String id, String name, String description) {
    return new Plan(id, name, description, null, null, null, null, null, null, null, null);
  }
}

package io.github.osbsdk.broker.store.jdbc.review;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.Map;

/** The review provider's catalog: one service, three plans. */
final class QueueCatalog {
  static final String SERVICE = "7a9b0c1d-0000-4000-8000-00000000a001";
  static final String SMALL = "7a9b0c1d-0000-4000-8000-00000000a002";
  static final String LARGE = "7a9b0c1d-0000-4000-8000-00000000a003";
  static final String DEDICATED = "7a9b0c1d-0000-4000-8000-00000000a004";

  private static final Map<String, Object> PARTITIONS = Map.of(
      "$schema", "http://json-schema.org/draft-07/schema#",
      "type", "object",
      "properties", Map.of(
          "partitions", Map.of("type", "integer", "minimum", 1, "maximum", 64),
          "name", Map.of("type", "string", "maxLength", 63),
          "fail", Map.of("type", "boolean")));
  private static final Map<String, Object> BIND = Map.of(
      "$schema", "http://json-schema.org/draft-07/schema#",
      "type", "object",
      "properties", Map.of("mode", Map.of("type", "string", "enum", java.util.List.of(
          "app", "key"))));

  static final Catalog CATALOG = Catalog.of(
      ServiceOffering.builder(SERVICE, "review-queue", "Message queues for the API review.")
          .bindable(true)
          .instancesRetrievable(true)
          .bindingsRetrievable(true)
          .tags("queue")
          .plan(Plan.builder(SMALL, "small", "Synchronous, up to 4 partitions.")
              .planUpdateable(true)
              .schemas(Schemas.builder().instanceCreate(PARTITIONS).instanceUpdate(PARTITIONS)
                  .bindingCreate(BIND).build())
              .build())
          .plan(Plan.builder(LARGE, "large", "Asynchronous, resumable provisioning.")
              .planUpdateable(true)
              .schemas(Schemas.builder().instanceCreate(PARTITIONS).instanceUpdate(PARTITIONS)
                  .bindingCreate(BIND).build())
              .build())
          .plan(Plan.builder(DEDICATED, "dedicated", "A cluster of its own, made by a job.")
              .schemas(Schemas.builder().instanceCreate(PARTITIONS).bindingCreate(BIND).build())
              .build())
          .build());

  private QueueCatalog() {}
}

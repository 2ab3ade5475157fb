package io.github.osbsdk.benchmarks.state;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import java.util.Map;

/**
 * The benchmarks' provider: does no work of its own, so what is measured is the SDK and its
 * registry. The service and plan ids are those of {@code bench/provision.lua} (the hello-broker
 * sample's); {@value #SYNC_PLAN} answers 201 with a dashboard URL per instance, as the sample
 * does, and {@value #ASYNC_PLAN} answers 202 with a task that ends at once, or, for an instance
 * id that starts with {@value #HOLD_PREFIX}, with a task that waits until the server stops (an
 * operation that stays in progress, for polls of a running operation).
 */
public final class BenchProvider implements ServiceBroker {
  /** The service id. */
  public static final String SERVICE = "6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f60";
  /** The synchronous plan's id. */
  public static final String SYNC_PLAN = "6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f61";
  /** The asynchronous plan's id. */
  public static final String ASYNC_PLAN = "6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f62";
  /** Instance ids whose asynchronous provision stays in progress. */
  public static final String HOLD_PREFIX = "hold-";
  private static final String DRAFT_04 = "http://json-schema.org/draft-04/schema#";
  private static final Map<String, Object> SCHEMA = Map.of("$schema", DRAFT_04,
      "type", "object", "properties", Map.of("location",
          Map.of("type", "string", "maxLength", 64)));
  private static final Catalog CATALOG = Catalog.of(ServiceOffering
      .builder(SERVICE, "bench-service", "The state benchmark's service").bindable(true)
      .plan(Plan.builder(SYNC_PLAN, "sync", "Synchronous plan")
          .schemas(Schemas.builder().instanceCreate(SCHEMA).instanceUpdate(SCHEMA).build()).build())
      .plan(Plan.builder(ASYNC_PLAN, "async", "Asynchronous plan")
          .schemas(Schemas.builder().instanceCreate(SCHEMA).instanceUpdate(SCHEMA).build()).build())
      .build());

  private final String dashboardBase;

  /**
   * Creates the provider.
   *
   * @param dashboardBase the prefix of the dashboard URLs it answers
   */
  public BenchProvider(String dashboardBase) {
    this.dashboardBase = dashboardBase;
  }

  @Override
  public Catalog catalog() {
    return CATALOG;
  }

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    String dashboard = dashboardBase + "/dashboard/" + request.instanceId();
    if (request.planId().equals(ASYNC_PLAN)) {
      if (request.instanceId().startsWith(HOLD_PREFIX)) {
        return ProvisionResult.accepted(AsyncWork.task(BenchProvider::holdUntilStopped))
            .withDashboardUrl(dashboard);
      }
      return ProvisionResult.accepted(AsyncWork.task(() -> { })).withDashboardUrl(dashboard);
    }
    return ProvisionResult.created(dashboard);
  }

  private static void holdUntilStopped() {
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public DeprovisionResult deprovision(DeprovisionRequest request) {
    return DeprovisionResult.deleted();
  }
}

package io.github.osbsdk.broker.testkit.fake;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;

/**
 * A small ready-made catalog for tests: one bindable, retrievable, plan-updateable service with a
 * synchronous plan, an asynchronous plan and a non-bindable plan.
 */
public final class SampleCatalog {
  /** The service id. */
  public static final String SERVICE_ID = "5f1b8a2c-1e4d-4c6b-9f00-5a3e00000001";
  /** A synchronous, bindable, binding-rotatable plan with maintenance info {@code 1.0.0}. */
  public static final String SYNC_PLAN_ID = "5f1b8a2c-1e4d-4c6b-9f00-5a3e00000101";
  /** A bindable plan the default fake runs asynchronously. */
  public static final String ASYNC_PLAN_ID = "5f1b8a2c-1e4d-4c6b-9f00-5a3e00000102";
  /** A synchronous plan whose instances cannot be bound. */
  public static final String UNBINDABLE_PLAN_ID = "5f1b8a2c-1e4d-4c6b-9f00-5a3e00000103";

  private static final Catalog CATALOG = Catalog.of(
      ServiceOffering.builder(SERVICE_ID, "fake-service", "A fake service for tests")
          .bindable(true)
          .instancesRetrievable(true)
          .bindingsRetrievable(true)
          .planUpdateable(true)
          .plan(Plan.builder(SYNC_PLAN_ID, "standard", "Synchronous plan")
              .maintenanceInfo(MaintenanceInfo.of("1.0.0")).bindingRotatable(true).build())
          .plan(Plan.builder(ASYNC_PLAN_ID, "async", "Asynchronous plan")
              .maximumPollingDuration(60).build())
          .plan(Plan.builder(UNBINDABLE_PLAN_ID, "unbound", "Plan without bindings")
              .bindable(false).build())
          .build());

  private SampleCatalog() {}

  /**
   * A small valid catalog with synchronous and asynchronous plans, for tests.
   *
   * @return the sample catalog (always the same instance)
   */
  public static Catalog catalog() {
    return CATALOG;
  }
}

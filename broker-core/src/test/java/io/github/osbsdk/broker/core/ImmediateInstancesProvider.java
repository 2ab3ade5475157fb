package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import java.util.Objects;

/**
 * A provider for tests about binds: it answers its catalog, provisions at once (201) and
 * deprovisions at once (200); a subclass gives the catalog and its binds.
 */
public abstract class ImmediateInstancesProvider implements ServiceBroker {
  private final Catalog catalog;

  /**
   * Serves this catalog.
   *
   * @param catalog the catalog, answered as it is on every call
   */
  protected ImmediateInstancesProvider(Catalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog == null");
  }

  @Override
  public Catalog catalog() {
    return catalog;
  }

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    return ProvisionResult.created();
  }

  @Override
  public DeprovisionResult deprovision(DeprovisionRequest request) {
    return DeprovisionResult.deleted();
  }
}

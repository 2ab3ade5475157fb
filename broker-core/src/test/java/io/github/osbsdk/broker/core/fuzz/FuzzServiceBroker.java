package io.github.osbsdk.broker.core.fuzz;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import java.util.List;
import java.util.Map;

/**
 * A well-behaved provider for the fuzz tests: it never fails by itself, so any 5xx is the SDK's.
 * Plans: {@code plan-sync} (updateable, maintenance 1.0.0), {@code plan-fixed},
 * {@code plan-async} (SDK-tracked task that finishes at once), {@code plan-schema} (parameter
 * schemas), {@code plan-tree} (a recursive schema: any object of objects),
 * {@code plan-nobind}; {@code svc-2} is not bindable. It keeps the request context of the last
 * call, for the targets that check what reaches a provider.
 */
final class FuzzServiceBroker implements ServiceBroker {
  static final String SERVICE = "svc-1";
  static final List<String> PLANS =
      List.of("plan-sync", "plan-fixed", "plan-async", "plan-schema", "plan-nobind", "plan-other");
  private static final Map<String, Object> SCHEMA = Map.of(
      "$schema", "http://json-schema.org/draft-04/schema#", "type", "object",
      "properties", Map.of("size", Map.of("type", "integer", "maximum", 10),
          "name", Map.of("type", "string", "pattern", "^[a-z]+$", "maxLength", 8)),
      "required", List.of("size"));
  private static final Map<String, Object> TREE = Map.of(
      "$schema", "http://json-schema.org/draft-04/schema#", "type", "object",
      "additionalProperties", Map.of("$ref", "#"));
  private static final Catalog CATALOG = Catalog.of(
      ServiceOffering.builder(SERVICE, "fuzz-service", "A service to fuzz").bindable(true)
          .instancesRetrievable(true).bindingsRetrievable(true)
          .plan(Plan.builder("plan-sync", "sync", "Synchronous plan").planUpdateable(true)
              .maintenanceInfo(MaintenanceInfo.of("1.0.0")).build())
          .plan(Plan.builder("plan-fixed", "fixed", "Not updateable").planUpdateable(false)
              .build())
          .plan(Plan.builder("plan-async", "async", "SDK-tracked async plan").build())
          .plan(Plan.builder("plan-schema", "schema", "Plan with parameter schemas")
              .schemas(Schemas.builder().instanceCreate(SCHEMA).instanceUpdate(SCHEMA)
                  .bindingCreate(SCHEMA).build()).build())
          .plan(Plan.builder("plan-tree", "tree", "Plan with a recursive schema")
              .planUpdateable(true)
              .schemas(Schemas.builder().instanceCreate(TREE).instanceUpdate(TREE)
                  .bindingCreate(TREE).build()).build())
          .plan(Plan.builder("plan-nobind", "nobind", "Not bindable").bindable(false).build())
          .build(),
      ServiceOffering.builder("svc-2", "other-service", "Another service").bindable(false)
          .plan(Plan.builder("plan-other", "other", "Other plan").build())
          .build());

  /** The request context of the last call of a method that takes one, null before any. */
  volatile RequestContext lastContext;

  @Override
  public Catalog catalog() {
    return CATALOG;
  }

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    lastContext = request.requestContext();
    if (request.planId().equals("plan-async")) {
      if (!request.acceptsIncomplete()) {
        throw ServiceBrokerException.asyncRequired();
      }
      return ProvisionResult.accepted(AsyncWork.task(() -> { }));
    }
    return ProvisionResult.created();
  }

  @Override
  public UpdateResult update(UpdateRequest request) {
    lastContext = request.requestContext();
    return request.acceptsIncomplete() ? UpdateResult.accepted(AsyncWork.task(() -> { }))
        : UpdateResult.updated();
  }

  @Override
  public DeprovisionResult deprovision(DeprovisionRequest request) {
    lastContext = request.requestContext();
    return DeprovisionResult.deleted();
  }

  @Override
  public BindResult bind(BindRequest request) {
    lastContext = request.requestContext();
    return BindResult.bound(Map.of("user", "u", "password", "p"));
  }

  @Override
  public BindingDetails fetchBinding(FetchBindingRequest request) {
    lastContext = request.requestContext();
    return request.recorded().withCredentials(Map.of("user", "u", "password", "p"));
  }

  @Override
  public UnbindResult unbind(UnbindRequest request) {
    lastContext = request.requestContext();
    return UnbindResult.unbound();
  }
}

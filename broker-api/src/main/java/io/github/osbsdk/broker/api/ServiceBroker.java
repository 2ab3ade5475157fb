package io.github.osbsdk.broker.api;

import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResponse;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.BindingLastOperationRequest;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResponse;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResponse;
import io.github.osbsdk.broker.api.instance.FetchInstanceRequest;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResponse;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResponse;
import io.github.osbsdk.broker.api.state.InstanceState;
import io.github.osbsdk.broker.api.state.InstanceStateUpdate;

/**
 * The one interface a provider implements: the business logic behind the OSB endpoints.
 *
 * <p>The SDK does everything else: routing, authentication, the API-version gate, request
 * validation against the catalog (unknown service or plan: 400; plan not bindable: 400; plan not
 * updateable: 422; {@code maintenance_info} mismatch: 422 {@code MaintenanceInfoConflict};
 * parameters vs the plan's JSON schema: 400), status codes, error bodies and asynchronous
 * bookkeeping. Each method receives one validated request record and returns one response record;
 * errors are thrown as {@link ServiceBrokerException}. Implementations must be thread-safe.
 *
 * <p>Optional operations are default methods that answer 422 naming the catalog flag that makes
 * platforms call them.
 */
public interface ServiceBroker {
  /**
   * {@code GET /v2/catalog} (200). Called once when the broker is built (the catalog is validated
   * then and every problem listed) and whenever the SDK serves the catalog; return the same
   * instance for a static catalog so the SDK can reuse its serialized form and {@code ETag}.
   *
   * @return the catalog
   */
  Catalog catalog();

  /**
   * {@code PUT /v2/service_instances/:instance_id}: 201 created, 200 identical instance exists
   * ({@link ProvisionResponse.Builder#alreadyExists()}), 202 accepted (only when
   * {@code acceptsIncomplete}; else throw {@link ServiceBrokerException#asyncRequired()}), 409
   * same id with different attributes ({@link ServiceBrokerException#conflict(String)}).
   *
   * @param request the validated request
   * @return the response
   */
  ProvisionResponse provision(ProvisionRequest request);

  /**
   * {@code DELETE /v2/service_instances/:instance_id}: 200, 202 (only when
   * {@code acceptsIncomplete}), 410 when the instance does not exist
   * ({@link ServiceBrokerException#gone(String)}).
   *
   * @param request the validated request
   * @return the response
   */
  DeprovisionResponse deprovision(DeprovisionRequest request);

  /**
   * {@code PATCH /v2/service_instances/:instance_id}: 200 or 202. Needs {@code plan_updateable}
   * for plan changes, or updateable parameters.
   *
   * @param request the validated request
   * @return the response
   */
  default UpdateResponse update(UpdateRequest request) {
    throw ServiceBrokerException.notSupported("updating a service instance", "plan_updateable");
  }

  /**
   * {@code GET /v2/service_instances/:instance_id}: 200; 404 when missing or still provisioning;
   * 422 {@code ConcurrencyError} while updating. Called when {@code instances_retrievable} is true.
   *
   * @param request the request
   * @return the instance
   */
  default InstanceDetails fetchInstance(FetchInstanceRequest request) {
    throw ServiceBrokerException.notSupported("fetching a service instance",
        "instances_retrievable");
  }

  /**
   * {@code GET /v2/service_instances/:instance_id/last_operation} for operations the broker
   * tracks itself (operations run through an {@link AsyncTask} are answered by the SDK): 200; 404
   * for an unknown instance; 410 after an asynchronous delete finished.
   *
   * @param request the request
   * @return the state of the operation
   */
  default LastOperation lastOperation(LastOperationRequest request) {
    throw ServiceBrokerException.notFound("No operation is known for this service instance.");
  }

  /**
   * {@code PUT .../service_bindings/:binding_id}: 201, 200 identical binding exists, 202 (no
   * credentials), 409 different attributes, 422 {@code RequiresApp}. Called when the service or
   * plan is {@code bindable}.
   *
   * @param request the validated request
   * @return the response
   */
  default BindResponse bind(BindRequest request) {
    throw ServiceBrokerException.notSupported("creating service bindings", "bindable");
  }

  /**
   * {@code DELETE .../service_bindings/:binding_id}: 200, 202, 410 when the binding does not exist.
   *
   * @param request the validated request
   * @return the response
   */
  default UnbindResponse unbind(UnbindRequest request) {
    throw ServiceBrokerException.notSupported("deleting service bindings", "bindable");
  }

  /**
   * {@code GET .../service_bindings/:binding_id}: 200; 404 when missing or still being created.
   * Called when {@code bindings_retrievable} is true.
   *
   * @param request the request
   * @return the binding
   */
  default BindingDetails fetchBinding(FetchBindingRequest request) {
    throw ServiceBrokerException.notSupported("fetching service bindings",
        "bindings_retrievable");
  }

  /**
   * {@code GET .../service_bindings/:binding_id/last_operation} for binding operations the broker
   * tracks itself: 200; 404 for an unknown binding; 410 after an asynchronous unbind finished.
   *
   * @param request the request
   * @return the state of the operation
   */
  default LastOperation lastBindingOperation(BindingLastOperationRequest request) {
    throw ServiceBrokerException.notFound("No operation is known for this service binding.");
  }

  /**
   * Told after IBM Cloud enabled or disabled an instance ({@code PUT /bluemix_v1/...}), once the
   * new state is stored. A provider cuts access to a disabled instance here and restores it on
   * enable. The default does nothing.
   *
   * @param instanceId the instance id
   * @param state the new state
   * @param update what IBM Cloud asked for, with initiator and reason code
   * @param context the request context
   */
  default void instanceStateChanged(String instanceId, InstanceState state,
      InstanceStateUpdate update, RequestContext context) {}
}

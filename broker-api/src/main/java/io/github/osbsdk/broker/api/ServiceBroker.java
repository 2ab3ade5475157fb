package io.github.osbsdk.broker.api;

import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.BindingLastOperationRequest;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.FetchInstanceRequest;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.api.state.InstanceStateRequest;

/**
 * The one interface a provider implements: the work behind the OSB endpoints.
 *
 * <p>The SDK does everything else. It validates each request against the catalog (unknown
 * service or plan: 400; plan not bindable: 400; plan not updateable: 422; {@code maintenance_info}
 * mismatch: 422 {@code MaintenanceInfoConflict}; parameters against the plan's JSON schema: 400),
 * refuses ids, GUIDs and codes (path ids, {@code service_id}, {@code organization_guid},
 * {@code app_guid}, the {@code operation} query, ...) holding a control character (U+0000 to
 * U+001F, U+007F: 400; a database's text cannot keep U+0000) and path ids over 1,024 bytes of
 * UTF-8 (400; a database index entry must hold an instance and a binding id), and keeps a
 * registry of instances, bindings and operations, from which it answers without calling the
 * provider:
 *
 * <ul>
 *   <li>an identical repeat of a provision or bind: 200, or 202 with the same operation while it
 *       runs; a different request for a taken id: 409; an identical update that arrives while
 *       the same update runs: 202 with its operation, or, once it succeeded synchronously, 200;
 *   <li>deprovision or unbind of an unknown id: 410; fetch or {@code last_operation} of an
 *       unknown id: 404;
 *   <li>a mutation while another runs on the instance (binding): 422 {@code ConcurrencyError};
 *   <li>updates checked against the instance's stored plan (also when {@code plan_id} is absent);
 *   <li>fetch instance and fetch binding from the registry ({@link #fetchInstance} and
 *       {@link #fetchBinding} may add to the answer);
 *   <li>{@code last_operation} of every asynchronous operation run through a task or a step.
 * </ul>
 *
 * <p>So each method here only does the work: create, change or delete the resource, and produce
 * credentials. It returns a result saying whether the work is done or continues asynchronously
 * ({@link AsyncWork}); errors are thrown as {@link ServiceBrokerException}. An asynchronous
 * result is allowed only when the request's {@code acceptsIncomplete()} is true (otherwise throw
 * {@link ServiceBrokerException#asyncRequired()}). Implementations must be thread-safe.
 *
 * <p>A provider needs no records of its own to find what it made: every request about an existing
 * instance carries it as the registry holds it ({@code instance()}: plan, parameters, context,
 * ...), and every request about an existing binding carries that too ({@code binding()}:
 * parameters, {@code bind_resource}, context). The exceptions are {@link #lastOperation} and
 * {@link #lastBindingOperation}, asked with the provider's own operation id (let it name what
 * the poll needs), and {@link #fetchBinding}, which carries the binding but not its instance.
 *
 * <p>A provider must implement {@link #catalog}, {@link #provision} and {@link #deprovision}.
 * The other methods have defaults, each doing exactly this:
 *
 * <ul>
 *   <li>{@link #update}: refuses every update with 422 without an error code, its description
 *       saying that the broker does not support updating service instances (no catalog flag is
 *       named: plan changes the catalog forbids never get this far);
 *   <li>{@link #bind} and {@link #unbind}: 422 without an error code, the description naming
 *       the catalog flag {@code bindable} ({@link ServiceBrokerException#notSupported});
 *   <li>{@link #fetchInstance} and {@link #fetchBinding}: return what the registry recorded;
 *   <li>{@link #lastOperation} and {@link #lastBindingOperation}: 404 (only asked about
 *       operations the provider tracks itself, {@link AsyncWork#trackedByProvider}, which a
 *       provider that keeps these defaults does not start);
 *   <li>{@link #instanceStateChanged}: does nothing, so the SDK stores the new state and answers
 *       200.
 * </ul>
 */
public interface ServiceBroker {
  /**
   * {@code GET /v2/catalog} (200). Called once when the broker is built (the catalog is validated
   * then and every problem listed) and whenever the SDK serves the catalog; return the same
   * instance for a static catalog so the SDK can reuse its serialized form and {@code ETag}.
   * When a later call throws, returns null or returns an invalid catalog, {@code GET /v2/catalog}
   * is answered 500 (the cause logged) and requests go on being checked against the last valid
   * catalog.
   *
   * @return the catalog
   */
  Catalog catalog();

  /**
   * Creates a service instance ({@code PUT /v2/service_instances/:instance_id}). Called once per
   * new instance id: repeats and conflicts are answered by the SDK. If this throws a
   * {@link ServiceBrokerException} with a 4xx status (a refusal: nothing was created), the SDK
   * forgets the instance. If it throws anything else, whether the instance exists is unknown: the
   * SDK keeps it as a failed provision, so that the platform's delete (its orphan mitigation
   * after a 5xx) calls {@link #deprovision}, and an identical retry calls this method again; so
   * make it idempotent.
   *
   * @param request the validated request
   * @return {@link ProvisionResult#created()} (201) or {@link ProvisionResult#accepted} (202)
   */
  ProvisionResult provision(ProvisionRequest request);

  /**
   * Deletes a service instance ({@code DELETE /v2/service_instances/:instance_id}) that the
   * registry knows. Throwing {@link ServiceBrokerException#gone(String)} (410) tells the SDK the
   * instance was already gone; the SDK then forgets it too.
   *
   * @param request the validated request, with the instance as stored
   * @return {@link DeprovisionResult#deleted()} (200) or {@link DeprovisionResult#accepted} (202)
   */
  DeprovisionResult deprovision(DeprovisionRequest request);

  /**
   * Changes a service instance ({@code PATCH /v2/service_instances/:instance_id}). The SDK has
   * checked the request against the instance's stored plan; on success it records the new plan,
   * parameters and context. An instance whose plan left the catalog reaches this method only to
   * move to a current plan, or for an update that keeps its plan and sends neither parameters nor
   * {@code maintenance_info} (a change of its context, such as a rename): then nothing could be
   * checked against the plan, and {@link UpdateRequest#plan()} and
   * {@link UpdateRequest#resultingPlan()} are null ({@link UpdateRequest#resultingPlanId()} is
   * the removed plan's id). An instance whose whole service left the catalog reaches it only for
   * such a change of its context, with a stand-in {@link UpdateRequest#service()} named by the
   * recorded service id, without plans; any other update of it gets 400 for the unknown
   * {@code service_id}.
   *
   * <p>The default refuses every update with 422 and a description saying that this broker
   * does not support updating service instances: by the time it runs, a plan change was already
   * refused unless the plan is updateable, so {@code plan_updateable} is not what is missing.
   *
   * @param request the validated request, with the instance as stored
   * @return {@link UpdateResult#updated()} (200) or {@link UpdateResult#accepted} (202)
   */
  default UpdateResult update(UpdateRequest request) {
    throw new ServiceBrokerException(422, null,
        "This broker does not support updating service instances.");
  }

  /**
   * Answers {@code GET /v2/service_instances/:instance_id} for a provisioned instance. Platforms
   * call it when the service declares {@code instances_retrievable}; the SDK answers it whatever
   * the flag (the spec names no refusal), from the registry. The default returns what the
   * registry recorded; override to add to it.
   *
   * @param request the request, with the recorded answer
   * @return the answer
   */
  default InstanceDetails fetchInstance(FetchInstanceRequest request) {
    return request.recorded();
  }

  /**
   * {@code last_operation} of an operation the provider tracks itself
   * ({@link AsyncWork#trackedByProvider(String)}): the SDK passes the provider's operation id and
   * records the outcome once it is final. Never called for tasks and steps.
   *
   * <p>A {@link ServiceBrokerException} thrown here is final too, and recorded so that every
   * replica answers the same: for a deprovision, 410 ({@link ServiceBrokerException#gone}) means
   * the instance is gone, the operation succeeded, and the poll is answered 410; any other 4xx
   * (such as the {@link ServiceBrokerException#notFound} this default throws), and 410 for a
   * provision or update, ends the operation as {@code failed} with the exception's description
   * (and, for an update or deprovision, its {@code instance_usable}), answered 200 with
   * {@code "state": "failed"}, so that the instance can be deleted or updated again at once.
   * 408 and 429, a 5xx and any other exception keep the operation {@code in progress} (until its
   * deadline) and answer the poll with that error, to be asked again at the next poll.
   *
   * @param request the request, with the provider's operation id
   * @return the state of the operation
   */
  default LastOperation lastOperation(LastOperationRequest request) {
    throw ServiceBrokerException.notFound("No operation is known for this service instance.");
  }

  /**
   * Creates a binding ({@code PUT .../service_bindings/:binding_id}) on a provisioned instance.
   * Called once per new binding id. Credentials are returned to the platform and, only when the
   * broker is built with a credential key, stored encrypted. Failures count as for
   * {@link #provision}: after anything but a {@link ServiceBrokerException} with a 4xx status the
   * SDK keeps a failed binding, whose unbind calls {@link #unbind}.
   *
   * <p>An asynchronous bind (202) answers no credentials: once it succeeded, the platform
   * fetches the binding. Work that delivers the binding, a
   * {@link io.github.osbsdk.broker.api.binding.BindTask} ({@link BindResult#accepted(
   * io.github.osbsdk.broker.api.binding.BindTask)}) or a
   * {@link io.github.osbsdk.broker.api.binding.BindStep}, has what it returns recorded as a
   * synchronous bind's {@link BindResult.Bound} is (checked the same way; credentials encrypted,
   * and only with a credential key), in the same write that marks the operation succeeded, so
   * the fetch and an identical repeat (200) answer it from any replica. Work that delivers
   * nothing (a plain {@link ResumableStep}, provider-tracked work, or a {@code BindTask} returning
   * {@code BindResult.bound(null)}) leaves the credentials to {@link #fetchBinding}. A plain
   * {@link AsyncWork#task} does not serve a bind (see {@link AsyncWork}).
   *
   * @param request the validated request
   * @return {@link BindResult#bound} (201) or {@link BindResult#accepted} (202)
   */
  default BindResult bind(BindRequest request) {
    throw ServiceBrokerException.notSupported("creating service bindings", "bindable");
  }

  /**
   * Deletes a binding ({@code DELETE .../service_bindings/:binding_id}) the registry knows.
   *
   * @param request the validated request, with the instance and the binding as stored
   * @return {@link UnbindResult#unbound()} (200) or {@link UnbindResult#accepted} (202)
   */
  default UnbindResult unbind(UnbindRequest request) {
    throw ServiceBrokerException.notSupported("deleting service bindings", "bindable");
  }

  /**
   * Answers {@code GET .../service_bindings/:binding_id} for a created binding, and gives the
   * body of the 200 to an identical repeated bind. The default returns what the registry recorded
   * (what the bind answered 201 with, or what its asynchronous work delivered), which holds
   * credentials only when the broker stores them; a provider that does not let the SDK store
   * credentials overrides this to add them. Credentials answered here must equal those the bind
   * answered (OSB; the conformance kit checks it): add what is missing, replace nothing.
   *
   * <p>{@link FetchBindingRequest#repeatedBind()} says which of the two is asked. An identical
   * repeated bind must be answered 200 with the binding (OSB): do not throw 404 or 410 there for
   * a binding the registry holds (what you throw is answered to the {@code PUT} as it is); a
   * {@code GET} may answer 404, e.g. for a key your back end revoked.
   *
   * @param request the request, with the recorded answer
   * @return the answer
   */
  default BindingDetails fetchBinding(FetchBindingRequest request) {
    return request.recorded();
  }

  /**
   * {@code last_operation} of a binding operation the provider tracks itself. A
   * {@link ServiceBrokerException} thrown here counts as for {@link #lastOperation}: for an
   * unbind, 410 means the binding is gone (succeeded, answered 410); any other 4xx, and 410 for a
   * bind, ends the operation as {@code failed} with the exception's description (answered 200);
   * 408, 429, a 5xx and any other exception keep it {@code in progress}.
   *
   * @param request the request, with the provider's operation id
   * @return the state of the operation
   */
  default LastOperation lastBindingOperation(BindingLastOperationRequest request) {
    throw ServiceBrokerException.notFound("No operation is known for this service binding.");
  }

  /**
   * Told when IBM Cloud enables or disables an instance ({@code PUT /bluemix_v1/...}), before
   * the new state is stored. A provider cuts access to a disabled instance here and restores it on
   * enable. When this throws, the state stays unchanged and the platform gets the error as from
   * any other call (a {@link ServiceBrokerException}'s status and body; anything else a generic
   * 500, logged); when it returns, the state is stored and answered 200 (if storing fails, the
   * platform is answered 503 and asks again: make this idempotent). Also called for a state the
   * instance already has. The default does nothing.
   *
   * @param request the instance id, the new state, what IBM Cloud asked for (with initiator and
   *     reason code) and the request context
   */
  default void instanceStateChanged(InstanceStateRequest request) {}
}

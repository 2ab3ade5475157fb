package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResource;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.internal.metrics.RegistryAnswer;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code PUT .../service_bindings/:binding_id}: refuses binds to unknown instances (404), to
 * instances that are not provisioned or busy (422 {@code ConcurrencyError}), to disabled
 * instances (422), naming another plan than the instance's (400) and on plans that are not
 * bindable (400); a bind the catalog no longer takes (its instance's plan or service removed,
 * or the plan no longer bindable) is answered by {@link BindsOffCatalog} (an identical repeat
 * as recorded, a new binding 400); claims
 * the binding id, then calls the provider once (unless, after those checks, an update changed
 * the plan: 422 {@code ConcurrencyError}, or the instance was disabled: 422). A rotation
 * ({@code predecessor_binding_id}) may omit {@code service_id} and {@code plan_id}: the
 * instance's are used; its plan must have {@code binding_rotatable: true}
 * and its predecessor must be a created binding of the instance (else 400). The new binding is
 * made with the predecessor's recorded {@code parameters}, {@code bind_resource} and
 * {@code app_guid} (a request sending other ones gets 400) and, unless the request sends one, its
 * {@code context}; the predecessor itself is left as it is, until the platform unbinds it.
 */
final class BindHandler {
  private final BrokerServices services;

  BindHandler(BrokerServices services) {
    this.services = services;
  }

  Response bind(String rawInstanceId, String rawBindingId, String acceptsIncompleteParam,
      RequestContext rc, RequestBody in) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    String bindingId = Ids.decode(rawBindingId, "binding_id");
    boolean acceptsIncomplete = RequestChecks.acceptsIncomplete(acceptsIncompleteParam);
    ObjectNode body = in.object(services.bodies());
    JsonFields f = services.fields();
    String predecessor = f.string(body, "predecessor_binding_id", false);
    String serviceId = f.string(body, "service_id", predecessor == null);
    String planId = f.string(body, "plan_id", predecessor == null);
    ObjectNode contextNode = f.context(body);
    // built unmodifiable once: the context's, the bind resource's and the request's records keep
    // these as they are (a rotation's, read from the predecessor, are copied as before)
    Map<String, Object> context = f.toFrozenMap(contextNode);
    ObjectNode bindResourceNode = f.bindResource(body);
    Map<String, Object> bindResource = f.toFrozenMap(bindResourceNode);
    ObjectNode parametersNode = f.objectNode(body, "parameters");
    Map<String, Object> parameters = f.toFrozenMap(parametersNode);
    String appGuid = f.string(body, "app_guid", false);
    if (appGuid != null && appGuid.isEmpty()) {
      // OSB: the deprecated app_guid, if present, must be a non-empty string
      throw ServiceBrokerException.badRequest("The field 'app_guid' must not be empty.");
    }
    // checked by f.bindResource: absent, JSON null or a non-empty string
    String resourceAppGuid = bindResourceNode == null ? null
        : f.optionalString(bindResourceNode, "app_guid", "bind_resource.app_guid");

    // what answers a bind the catalog no longer takes
    BindsOffCatalog.Sent sent = new BindsOffCatalog.Sent(bindingId, predecessor, parametersNode,
        bindResourceNode, appGuid != null ? appGuid : resourceAppGuid, acceptsIncomplete, rc,
        context);

    CatalogSnapshot catalog = services.catalogs().current();
    // a bind naming its instance's service or plan after the catalog dropped it
    StoredInstance offCatalog =
        BindsOffCatalog.instanceNamed(services, catalog, instanceId, serviceId, planId);
    if (offCatalog == null && planId != null) {
      if (serviceId != null) {
        catalog.plan(serviceId, planId);
      } else {
        catalog.plan(planId);
      }
    } else if (offCatalog == null && serviceId != null) {
      catalog.service(serviceId);
    }
    if (acceptsIncomplete) {
      RequestChecks.gate(services.strictVersionGating(), rc, "Asynchronous binding");
    }
    if (offCatalog != null) {
      return BindsOffCatalog.bind(services, sent, offCatalog,
          BindsOffCatalog.newBindingRefusal(catalog, offCatalog));
    }
    StoredInstance instance = services.store().findInstance(instanceId).orElseThrow(
        () -> ServiceBrokerException.notFound("The service instance does not exist."));
    CatalogSnapshot.Entry entry;
    if (planId != null) {
      entry = serviceId != null ? catalog.plan(serviceId, planId) : catalog.plan(planId);
    } else if (!catalog.hasPlan(instance.planId())) {
      // a rotation naming no plan, on an instance whose plan left the catalog
      return BindsOffCatalog.bind(services, sent, instance,
          BindsOffCatalog.newBindingRefusal(catalog, instance));
    } else {
      entry = catalog.plan(instance.serviceId(), instance.planId());
    }
    ServiceOffering service = entry.service();
    Plan plan = entry.plan();
    RequestChecks.sameService(instance.serviceId(), service.id());
    if (!instance.planId().equals(plan.id())
        && services.store().runningOperation(instanceId).isPresent()) {
      // an update changing the plan may be running: the platform retries a 422, not a 400
      throw ServiceBrokerException.concurrencyError();
    }
    RequestChecks.samePlan(instance.planId(), plan.id());
    if (!instance.enabled()) {
      throw disabled();
    }
    if (!service.isBindable(plan)) {
      // a binding made while it was bindable is still there: its repeat is answered
      return BindsOffCatalog.bind(services, sent, instance,
          ServiceBrokerException.badRequest("The service plan '" + plan.name()
              + "' is not bindable."));
    }
    StoredBinding rotated = predecessor == null ? null
        : checkRotation(instanceId, bindingId, predecessor, plan);
    // what refuses a rotation once its claim is won (a claim that finds the binding instead
    // leaves the request to the repeat rules, also once the predecessor was unbound)
    ServiceBrokerException refusedRotation = predecessor != null && rotated == null
        ? noPredecessor() : null;
    catalog.parameters().validateBind(plan.id(), parameters);
    String app = appGuid != null ? appGuid : resourceAppGuid;
    Fingerprints fp = services.fingerprints();
    String canonicalParameters = fp.canonicalParameters(parametersNode);
    String canonicalBindResource = bindResourceNode == null
        || (bindResourceNode.isEmpty() && predecessor != null)
        ? null : fp.canonicalJson(bindResourceNode);
    String canonicalContext = fp.canonicalJson(contextNode);
    String fingerprint;
    if (predecessor == null) {
      fingerprint = fp.binding(service.id(), plan.id(), canonicalParameters,
          canonicalBindResource, app);
    } else {
      // the request names the binding to rotate, whose parameters and bind resource the new
      // binding takes: an identical repeat matches also once the predecessor is unbound
      fingerprint = fp.rotation(service.id(), plan.id(), predecessor);
      if (rotated != null) {
        refusedRotation = changed("parameters", canonicalParameters, rotated.parameters());
        refusedRotation = refusedRotation != null ? refusedRotation
            : changed("bind_resource", canonicalBindResource, rotated.bindResource());
        refusedRotation = refusedRotation != null ? refusedRotation
            : changed("app_guid", app, rotated.appGuid());
        canonicalParameters = rotated.parameters();
        canonicalBindResource = rotated.bindResource();
        app = rotated.appGuid();
        canonicalContext = canonicalContext != null ? canonicalContext : rotated.context();
        parameters = InstanceRecords.readMap(canonicalParameters, services.mapper());
        bindResource = InstanceRecords.readMap(canonicalBindResource, services.mapper());
        context = InstanceRecords.readMap(canonicalContext, services.mapper());
      }
    }
    PlatformContext platform = context == null ? null : PlatformContext.of(context);
    RequestContext ctx = RequestChecks.withPlatform(rc, platform);

    services.keyCheck().beforeUse(ctx, services.logLimits().errors());
    OperationRunner runner = services.runner();
    StoredBinding claim = new StoredBinding(instanceId, bindingId, service.id(), plan.id(),
        fingerprint, canonicalParameters, canonicalContext, canonicalBindResource, app, null,
        null, BindingStatus.BINDING, runner.now());
    long deadline = System.nanoTime() + services.repeatWaitMillis() * 1_000_000L;
    boolean endedOverdue = false;
    while (true) {
      // what a withdrawal restores when the claim replaced a failed binding (the store keeps
      // the payload only then, see BrokerStore#claimBinding)
      StoredOperation op = runner.newOperation(instanceId, bindingId, OperationType.BIND,
          fingerprint, ctx.requestId(),
          runner.previousStatusPayload(BindingStatus.BIND_FAILED.name()));
      Claim<StoredBinding> result =
          runner.starting(op, () -> services.store().claimBinding(claim, op));
      if (result instanceof Claim.Won<StoredBinding> won) {
        // a binding left BIND_FAILED by a provider call is claimed again by an identical
        // retry: the claim reports it, and a refused retry puts it back, so that the
        // platform's unbind still reaches the provider
        StoredBinding failedBefore = won.replaced();
        if (refusedRotation != null) {
          // no binding was there for the repeat rules: a new rotation, refused
          undoClaim(op, failedBefore);
          throw refusedRotation;
        }
        // read again: an update may have changed the plan, IBM Cloud may have disabled the
        // instance, after the checks above read it (neither changes while the claimed bind runs)
        StoredInstance now = services.store().findInstance(instanceId).orElse(null);
        if (now == null || !now.planId().equals(instance.planId())) {
          undoClaim(op, failedBefore);
          Repeats.count(services, OperationType.BIND, RegistryAnswer.CONCURRENCY);
          throw ServiceBrokerException.concurrencyError();
        }
        if (!now.enabled()) {
          undoClaim(op, failedBefore);
          throw disabled();
        }
        return callProvider(op, claim, failedBefore, new BindRequest(instanceId, bindingId,
            service, plan, platform, providerBindResource(bindResource, app), parameters,
            predecessor, acceptsIncomplete,
            InstanceRecords.view(now, services.mapper()), ctx), ctx);
      }
      if (result instanceof Claim.Blocked<StoredBinding> blocked) {
        if (blocked.instance() == null) {
          throw ServiceBrokerException.notFound("The service instance does not exist.");
        }
        if (blocked.instance().status() == InstanceStatus.PROVISION_FAILED) {
          throw ServiceBrokerException.unprocessable(InstanceHandler.PROVISION_FAILED);
        }
        if (!endedOverdue && runner.endOverdue(blocked.running())) {
          endedOverdue = true; // an operation past its deadline was in the way: it is failed now
          continue;
        }
        Repeats.count(services, OperationType.BIND, RegistryAnswer.CONCURRENCY);
        throw ServiceBrokerException.concurrencyError();
      }
      Claim.Exists<StoredBinding> exists = (Claim.Exists<StoredBinding>) result;
      if (!endedOverdue && runner.endOverdue(exists.running())) {
        // a retried rotation then rotates again, with its predecessor, as a retried bind binds
        endedOverdue = true;
        continue;
      }
      Response answer = Repeats.bind(services, exists.existing(), exists.running(), fingerprint,
          acceptsIncomplete, deadline, ctx);
      if (answer != null) {
        return answer;
      }
    }
  }

  /**
   * The {@code bind_resource} the provider gets: as sent (a rotation's: as its predecessor
   * recorded it), with the deprecated top-level {@code app_guid} added as its {@code app_guid}
   * when it names none (OSB: deprecated in favour of {@code bind_resource.app_guid}), so that
   * {@link BindRequest#appGuid()} names the application whichever field the platform sent.
   */
  private static BindResource providerBindResource(Map<String, Object> sent, String app) {
    if (app == null || sent != null && sent.get("app_guid") instanceof String) {
      return sent == null ? null : new BindResource(sent);
    }
    Map<String, Object> withApp = sent == null ? new LinkedHashMap<>()
        : new LinkedHashMap<>(sent);
    withApp.put("app_guid", app);
    return new BindResource(withApp);
  }

  /**
   * Withdraws a won claim whose checks no longer hold ({@link OperationRunner#withdraw}: not
   * counted, no bind ran): no binding is left behind, but one that was
   * {@link BindingStatus#BIND_FAILED} before the claim is put back as it was (the provider may
   * hold it, and only the platform's unbind can reach it).
   */
  private void undoClaim(StoredOperation op, StoredBinding failedBefore) {
    services.runner().withdraw(op, Finish.RowChange.none(),
        failedBefore == null ? Finish.RowChange.delete() : Finish.RowChange.put(failedBefore));
  }

  /**
   * The claim after a failed provider call: after a refusal (this call changed nothing) deleted,
   * or, when it replaced a {@link BindingStatus#BIND_FAILED} binding, that binding put back as
   * it was (the earlier call's outcome is still unknown, and only the platform's unbind can
   * reach it); after any other failure kept as {@link BindingStatus#BIND_FAILED}, so that the
   * platform's unbind reaches the provider (see {@link ProviderAnswers#refusal}), created when
   * the binding it replaced was ({@link FailedCreateRecords}).
   */
  private static Finish.RowChange<StoredBinding> afterFailure(StoredBinding claim,
      StoredBinding failedBefore, Throwable e) {
    if (ProviderAnswers.refusal(e)) {
      return failedBefore == null ? Finish.RowChange.delete() : Finish.RowChange.put(failedBefore);
    }
    return Finish.RowChange.put(
        FailedCreateRecords.keep(claim.withStatus(BindingStatus.BIND_FAILED), failedBefore));
  }

  /**
   * A rotation names a plan that allows it and another binding of the instance (400 otherwise:
   * the platform sends {@code predecessor_binding_id} only for plans with {@code
   * binding_rotatable: true}). The binding itself is not read here: its claim tells. A repeat
   * of a rotation whose binding exists is left to the repeat rules, also once the predecessor
   * was unbound; a new rotation, or a retry of one whose provider call failed (its binding
   * {@link BindingStatus#BIND_FAILED}, which the claim replaces), is made with its predecessor,
   * and refused (400) once claimed when that is not a created binding of the instance.
   *
   * @return the predecessor, or null when it is not a created binding of the instance
   */
  private StoredBinding checkRotation(String instanceId, String bindingId, String predecessor,
      Plan plan) {
    if (!Boolean.TRUE.equals(plan.bindingRotatable())) {
      throw ServiceBrokerException.badRequest("The service plan '" + plan.name() + "' does not"
          + " allow binding rotation: 'predecessor_binding_id' is sent only for plans with"
          + " binding_rotatable true.");
    }
    if (predecessor.isEmpty() || predecessor.equals(bindingId)) {
      throw ServiceBrokerException.badRequest("The field 'predecessor_binding_id' must name"
          + " another binding of the service instance.");
    }
    return services.store().findBinding(instanceId, predecessor)
        .filter(b -> b.status() == BindingStatus.READY || b.status() == BindingStatus.UNBINDING)
        .orElse(null);
  }

  private static ServiceBrokerException noPredecessor() {
    return ServiceBrokerException.badRequest("The predecessor binding does not exist on this"
        + " service instance.");
  }

  /**
   * What refuses a rotation that sends another value than its predecessor's recorded one (400,
   * once claimed: a repeat of a binding that exists is left to the repeat rules), as a rotation
   * changes only the credentials, never what the binding was made with; null when it sends
   * none, or the same.
   */
  private static ServiceBrokerException changed(String field, String sent, String recorded) {
    if (sent != null && !sent.equals(recorded)) {
      return ServiceBrokerException.badRequest("A rotation keeps the '" + field + "' of the"
          + " predecessor binding: send none, or the predecessor's.");
    }
    return null;
  }

  private static ServiceBrokerException disabled() {
    return ServiceBrokerException.unprocessable("The service instance is disabled; new"
        + " bindings are refused until it is enabled again.");
  }

  private Response callProvider(StoredOperation op, StoredBinding claim,
      StoredBinding failedBefore, BindRequest request, RequestContext ctx) {
    OperationRunner runner = services.runner();
    BindResult r;
    byte[] body = null;
    try {
      r = services.broker().bind(request);
      services.answers().requireAnswer(r, "bind", ctx);
      if (r instanceof BindResult.Accepted a) {
        services.answers().requireAsyncAccepted(request.acceptsIncomplete(), a.work(), "bind", ctx);
        services.answers().requireRetrievableForAsyncBind(request.service(), a.work(), ctx);
        services.answers().requireJson(a.metadata(), services.mapper(), "bind", ctx);
      } else if (r instanceof BindResult.Bound b) {
        body = runner.bindings().check(request.service(), b, "bind", ctx);
      }
    } catch (ServiceBrokerException e) {
      runner.finishSync(op, OperationOutcome.failed(e.description()), Finish.RowChange.none(),
          afterFailure(claim, failedBefore, e));
      throw services.answers().sanitize(e, false, false, "bind", ctx);
    } catch (Exception | Error e) {
      runner.finishSync(op, OperationOutcome.failed(OperationRunner.GENERIC_FAILURE),
          Finish.RowChange.none(), afterFailure(claim, failedBefore, e));
      throw e;
    }
    if (r instanceof BindResult.Bound bound) {
      runner.finishSync(op, OperationOutcome.SUCCEEDED, Finish.RowChange.none(),
          Finish.RowChange.put(runner.bindings().ready(
              failedBefore == null ? claim : claim.replacing(failedBefore), bound)));
      return JsonResponses.json(201, body);
    }
    BindResult.Accepted accepted = (BindResult.Accepted) r;
    // the metadata rides on the operation, so an identical repeat answers it too (Repeats#bind),
    // and so does what a failure keeps of the failed binding the claim replaced
    Map<String, Object> payload = new LinkedHashMap<>();
    if (accepted.metadata() != null) {
      payload.put(InstanceRecords.METADATA, accepted.metadata());
    }
    if (failedBefore != null) {
      payload.put(FailedCreateRecords.FAILED_BEFORE, FailedCreateRecords.payload(failedBefore));
    }
    String id = runner.accept(op, accepted.work(), payload.isEmpty() ? null
        : runner.json(payload), runner.timeout(request.plan()));
    return JsonResponses.json(202, new WireBodies.Bind(null, null, null, null, null,
        accepted.metadata(), id));
  }
}

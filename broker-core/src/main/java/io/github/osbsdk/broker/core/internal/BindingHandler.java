package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.BindingLastOperationRequest;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResponse;
import io.github.osbsdk.broker.core.async.OperationKind;
import io.github.osbsdk.broker.core.async.TrackedOperation;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;

/** Unbind, fetch and last operation of a service binding. */
final class BindingHandler {
  private final BrokerServices s;

  BindingHandler(BrokerServices services) {
    this.s = services;
  }

  Response unbind(String rawInstanceId, String rawBindingId, String acceptsIncompleteParam,
      String serviceIdParam, String planIdParam, RequestContext ctx) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    String bindingId = Ids.decode(rawBindingId, "binding_id");
    boolean acceptsIncomplete = Calls.acceptsIncomplete(acceptsIncompleteParam);
    String serviceId = Calls.requiredQuery(serviceIdParam, "service_id");
    String planId = Calls.requiredQuery(planIdParam, "plan_id");
    CatalogSnapshot.Entry entry = s.catalogs().current().plan(serviceId, planId);
    if (acceptsIncomplete) {
      Calls.gate(s.strictVersionGating(), ctx, "Asynchronous unbinding");
    }
    String fingerprint = Calls.deleteFingerprint(acceptsIncomplete, serviceId, planId);
    String running =
        s.async().joinOrRefuse(instanceId, OperationKind.UNBIND, bindingId, fingerprint);
    if (running != null) {
      return Calls.json(202, Map.of("operation", running));
    }
    UnbindResponse r;
    try {
      r = s.broker().unbind(new UnbindRequest(instanceId, bindingId, entry.service(),
          entry.plan(), acceptsIncomplete, ctx));
    } catch (ServiceBrokerException e) {
      throw Calls.sanitize(e, false, false);
    }
    Calls.requireAnswer(r, "unbind", ctx);
    if (!r.async()) {
      return Calls.json(200, r);
    }
    Calls.requireAsyncAccepted(acceptsIncomplete, "unbind", ctx);
    if (r.task() != null) {
      String op = s.async().start(OperationKind.UNBIND, instanceId, bindingId, fingerprint,
          ctx.requestId(), r.task(), () -> { });
      return Calls.json(202, new UnbindResponse(op, true, null));
    }
    Calls.checkOperation(r.operation(), ctx);
    return Calls.json(202, r);
  }

  Response fetch(String rawInstanceId, String rawBindingId, String serviceId, String planId,
      RequestContext ctx) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    String bindingId = Ids.decode(rawBindingId, "binding_id");
    Calls.gate(s.strictVersionGating(), ctx, "Fetching a service binding");
    Optional<TrackedOperation> running = s.async().tracker().inProgress(instanceId);
    if (running.isPresent() && running.get().kind() == OperationKind.BIND
        && bindingId.equals(running.get().bindingId())) {
      throw ServiceBrokerException.notFound("The service binding is still being created.");
    }
    BindingDetails details;
    try {
      details = s.broker().fetchBinding(
          new FetchBindingRequest(instanceId, bindingId, serviceId, planId, ctx));
    } catch (ServiceBrokerException e) {
      throw Calls.sanitize(e, false, false);
    }
    Calls.requireAnswer(details, "fetchBinding", ctx);
    return Calls.json(200, details);
  }

  Response lastOperation(String rawInstanceId, String rawBindingId, String serviceId,
      String planId, String operation, RequestContext ctx) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    String bindingId = Ids.decode(rawBindingId, "binding_id");
    Optional<TrackedOperation> tracked = s.async().lookup(instanceId, bindingId, operation);
    if (tracked.isPresent()) {
      return s.async().answer(tracked.get(), true, s.errors());
    }
    LastOperation op;
    try {
      op = s.broker().lastBindingOperation(new BindingLastOperationRequest(instanceId,
          bindingId, serviceId, planId, operation, ctx));
    } catch (ServiceBrokerException e) {
      throw Calls.sanitize(e, false, false);
    }
    Calls.requireAnswer(op, "lastBindingOperation", ctx);
    return Calls.lastOperation(op, true);
  }
}

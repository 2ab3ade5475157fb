package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.OperationState;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResponse;
import io.github.osbsdk.broker.api.instance.FetchInstanceRequest;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.core.async.OperationKind;
import io.github.osbsdk.broker.core.async.TrackedOperation;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;

/** Deprovision, fetch and last operation of a service instance. */
final class InstanceHandler {
  private final BrokerServices s;

  InstanceHandler(BrokerServices services) {
    this.s = services;
  }

  Response deprovision(String rawInstanceId, String acceptsIncompleteParam, String serviceIdParam,
      String planIdParam, RequestContext ctx) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    boolean acceptsIncomplete = Calls.acceptsIncomplete(acceptsIncompleteParam);
    String serviceId = Calls.requiredQuery(serviceIdParam, "service_id");
    String planId = Calls.requiredQuery(planIdParam, "plan_id");
    CatalogSnapshot.Entry entry = s.catalogs().current().plan(serviceId, planId);
    String fingerprint = Calls.deleteFingerprint(acceptsIncomplete, serviceId, planId);
    String running =
        s.async().joinOrRefuse(instanceId, OperationKind.DEPROVISION, null, fingerprint);
    if (running != null) {
      return Calls.json(202, Map.of("operation", running));
    }
    DeprovisionResponse r;
    try {
      r = s.broker().deprovision(new DeprovisionRequest(instanceId, entry.service(),
          entry.plan(), acceptsIncomplete, ctx));
    } catch (ServiceBrokerException e) {
      if (e.status() == 410) {
        s.states().remove(instanceId);
      }
      throw Calls.sanitize(e, true, false);
    }
    Calls.requireAnswer(r, "deprovision", ctx);
    if (!r.async()) {
      s.states().remove(instanceId);
      return Calls.json(200, r);
    }
    Calls.requireAsyncAccepted(acceptsIncomplete, "deprovision", ctx);
    if (r.task() != null) {
      String op = s.async().start(OperationKind.DEPROVISION, instanceId, null, fingerprint,
          ctx.requestId(), r.task(), () -> s.states().remove(instanceId));
      return Calls.json(202, new DeprovisionResponse(op, true, null));
    }
    Calls.checkOperation(r.operation(), ctx);
    s.pending().put(instanceId, OperationKind.DEPROVISION);
    return Calls.json(202, r);
  }

  Response fetch(String rawInstanceId, String serviceId, String planId, RequestContext ctx) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    Calls.gate(s.strictVersionGating(), ctx, "Fetching a service instance");
    Optional<TrackedOperation> running = s.async().tracker().inProgress(instanceId);
    if (running.isPresent() && running.get().kind() == OperationKind.PROVISION) {
      throw ServiceBrokerException.notFound("The service instance is still being provisioned.");
    }
    if (running.isPresent() && running.get().kind() == OperationKind.UPDATE) {
      throw new ServiceBrokerException(422, ServiceBrokerException.CONCURRENCY_ERROR,
          "The service instance is being updated.");
    }
    InstanceDetails details;
    try {
      details = s.broker().fetchInstance(
          new FetchInstanceRequest(instanceId, serviceId, planId, ctx));
    } catch (ServiceBrokerException e) {
      throw Calls.sanitize(e, false, false);
    }
    Calls.requireAnswer(details, "fetchInstance", ctx);
    return Calls.json(200, details);
  }

  Response lastOperation(String rawInstanceId, String serviceId, String planId, String operation,
      RequestContext ctx) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    Optional<TrackedOperation> tracked = s.async().lookup(instanceId, null, operation);
    if (tracked.isPresent()) {
      return s.async().answer(tracked.get(), false, s.errors());
    }
    LastOperation op;
    try {
      op = s.broker().lastOperation(
          new LastOperationRequest(instanceId, serviceId, planId, operation, ctx));
    } catch (ServiceBrokerException e) {
      if (e.status() == 410 && s.pending().remove(instanceId) == OperationKind.DEPROVISION) {
        s.states().remove(instanceId);
      }
      throw Calls.sanitize(e, false, false);
    }
    Calls.requireAnswer(op, "lastOperation", ctx);
    if (op.state() != OperationState.IN_PROGRESS) {
      OperationKind pending = s.pending().remove(instanceId);
      if (op.state() == OperationState.SUCCEEDED && pending == OperationKind.PROVISION) {
        s.states().register(instanceId);
      } else if (op.state() == OperationState.SUCCEEDED && pending == OperationKind.DEPROVISION) {
        s.states().remove(instanceId);
      }
    }
    return Calls.lastOperation(op, false);
  }
}

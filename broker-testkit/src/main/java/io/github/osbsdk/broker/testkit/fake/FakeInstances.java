package io.github.osbsdk.broker.testkit.fake;

import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResponse;
import io.github.osbsdk.broker.api.instance.FetchInstanceRequest;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResponse;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResponse;
import java.util.List;
import java.util.Map;

/** The service-instance operations of the fake. */
final class FakeInstances {
  private final FakeStore store;

  FakeInstances(FakeStore store) {
    this.store = store;
  }

  ProvisionResponse provision(ProvisionRequest r) {
    AsyncMode mode = store.asyncMode(r.plan());
    if (mode != null && !r.acceptsIncomplete()) {
      throw ServiceBrokerException.asyncRequired();
    }
    synchronized (store.lock) {
      FakeInstance existing = store.instance(r.instanceId());
      if (existing != null && !existing.created && existing.op != null && existing.op.done()) {
        existing = null; // a failed create: start over
      }
      if (existing != null) {
        if (existing.running(BrokerOperation.DEPROVISION)) {
          throw ServiceBrokerException.concurrencyError();
        }
        boolean identical = existing.service.id().equals(r.serviceId())
            && existing.plan.id().equals(r.planId()) && existing.parameters.equals(r.parameters());
        if (!identical) {
          throw ServiceBrokerException.conflict(
              "A service instance with this id exists already with different attributes.");
        }
        ProvisionResponse.Builder b = ProvisionResponse.builder()
            .dashboardUrl(existing.dashboardUrl);
        if (!existing.created && existing.op != null) {
          return (mode == AsyncMode.TASK ? b.runAsync(store.task(existing.op))
              : b.async(existing.op.id)).build();
        }
        return b.alreadyExists().build();
      }
      String id = r.instanceId();
      store.deprovisioned.remove(id);
      FakeInstance in = new FakeInstance(id, r.service(), r.plan(), r.parameters(),
          store.dashboardUrl(r));
      store.instances.put(id, in);
      ProvisionResponse.Builder b = ProvisionResponse.builder().dashboardUrl(in.dashboardUrl);
      if (mode == null) {
        in.created = true;
        return b.build();
      }
      FakeOp op = store.newOp(store.nextOpId(BrokerOperation.PROVISION), BrokerOperation.PROVISION,
          List.of(r.serviceId(), r.planId(), r.parameters()), () -> in.created = true, () -> { });
      in.start(op);
      return (mode == AsyncMode.TASK ? b.runAsync(store.task(op)) : b.async(op.id)).build();
    }
  }

  DeprovisionResponse deprovision(DeprovisionRequest r) {
    synchronized (store.lock) {
      String id = r.instanceId();
      FakeInstance in = store.instance(id);
      if (in == null) {
        throw ServiceBrokerException.gone("The service instance does not exist.");
      }
      AsyncMode mode = store.asyncMode(in.plan);
      if (in.running(BrokerOperation.DEPROVISION)) {
        return mode == AsyncMode.TASK ? DeprovisionResponse.runAsync(store.task(in.op))
            : DeprovisionResponse.async(in.op.id);
      }
      if (mode != null) {
        if (!r.acceptsIncomplete()) {
          throw ServiceBrokerException.asyncRequired();
        }
        String opId = store.nextOpId(BrokerOperation.DEPROVISION);
        FakeOp op = store.newOp(opId, BrokerOperation.DEPROVISION, List.of(), () -> {
          store.instances.remove(id, in);
          store.deprovisioned.put(id, opId);
        }, () -> { });
        in.start(op);
        return mode == AsyncMode.TASK ? DeprovisionResponse.runAsync(store.task(op))
            : DeprovisionResponse.async(op.id);
      }
      if (in.op != null && in.op.running()) {
        throw ServiceBrokerException.concurrencyError();
      }
      store.instances.remove(id);
      return DeprovisionResponse.done();
    }
  }

  UpdateResponse update(UpdateRequest r) {
    synchronized (store.lock) {
      FakeInstance in = store.instance(r.instanceId());
      if (in == null) {
        throw ServiceBrokerException.notFound("The service instance does not exist.");
      }
      Plan target = r.plan() == null ? in.plan : r.plan();
      if (!target.id().equals(in.plan.id()) && !in.service.isPlanUpdateable(in.plan)) {
        throw ServiceBrokerException.unprocessable(
            "The plan of this service instance cannot be changed.");
      }
      Map<String, Object> params = r.parameters().isEmpty() ? in.parameters : r.parameters();
      List<Object> fingerprint = List.of(target.id(), params);
      if (!in.created) {
        throw ServiceBrokerException.concurrencyError();
      }
      AsyncMode mode = store.asyncMode(in.plan);
      if (in.op != null && in.op.running()) {
        if (in.running(BrokerOperation.UPDATE) && in.op.fingerprint.equals(fingerprint)) {
          return mode == AsyncMode.TASK ? UpdateResponse.runAsync(store.task(in.op))
              : UpdateResponse.async(in.op.id);
        }
        throw ServiceBrokerException.concurrencyError();
      }
      if (mode != null) {
        if (!r.acceptsIncomplete()) {
          throw ServiceBrokerException.asyncRequired();
        }
        FakeOp op = store.newOp(store.nextOpId(BrokerOperation.UPDATE), BrokerOperation.UPDATE,
            fingerprint, () -> {
              in.plan = target;
              in.parameters = params;
            }, () -> { });
        in.start(op);
        return mode == AsyncMode.TASK ? UpdateResponse.runAsync(store.task(op))
            : UpdateResponse.async(op.id);
      }
      in.plan = target;
      in.parameters = params;
      return UpdateResponse.done();
    }
  }

  InstanceDetails fetch(FetchInstanceRequest r) {
    synchronized (store.lock) {
      FakeInstance in = store.instance(r.instanceId());
      if (in == null) {
        throw ServiceBrokerException.notFound("The service instance does not exist.");
      }
      if (!in.created) {
        throw ServiceBrokerException.notFound("The service instance is still being provisioned.");
      }
      if (in.running(BrokerOperation.UPDATE)) {
        throw ServiceBrokerException.concurrencyError();
      }
      return new InstanceDetails(in.service.id(), in.plan.id(), in.dashboardUrl, in.parameters,
          in.plan.maintenanceInfo(), null);
    }
  }

  LastOperation lastOperation(LastOperationRequest r) {
    synchronized (store.lock) {
      FakeInstance in = store.instance(r.instanceId());
      if (in == null) {
        if (store.deprovisioned.containsKey(r.instanceId())) {
          throw ServiceBrokerException.gone("The service instance has been deleted.");
        }
        throw ServiceBrokerException.notFound("The service instance does not exist.");
      }
      String operation = r.operation();
      if (operation != null && (in.op == null || !operation.equals(in.op.id))) {
        if (in.pastOps.contains(operation)) {
          return LastOperation.succeeded();
        }
        throw ServiceBrokerException.badRequest("Unknown operation for this service instance.");
      }
      return FakeStore.state(in.op, true);
    }
  }
}

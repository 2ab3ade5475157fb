package io.github.osbsdk.broker.testkit.fake;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.FetchInstanceRequest;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import java.util.List;
import java.util.Map;

/**
 * The service-instance operations of the fake. The SDK's registry answers repeats, conflicts,
 * unknown ids and concurrent mutations, so the fake only does (and remembers) the work.
 */
final class FakeInstances {
  private final FakeStore store;

  FakeInstances(FakeStore store) {
    this.store = store;
  }

  private static AsyncWork work(AsyncMode mode, FakeStore store, FakeOp op) {
    return mode == AsyncMode.TASK ? AsyncWork.task(store.task(op))
        : AsyncWork.trackedByProvider(op.id);
  }

  ProvisionResult provision(ProvisionRequest r) {
    AsyncMode mode = store.asyncMode(r.plan());
    if (mode != null && !r.acceptsIncomplete()) {
      throw ServiceBrokerException.asyncRequired();
    }
    synchronized (store.lock) {
      String id = r.instanceId();
      store.deprovisioned.remove(id);
      FakeInstance in = new FakeInstance(id, r.service(), r.plan(), r.parameters(),
          store.dashboardUrl(r));
      store.instances.put(id, in);
      if (mode == null) {
        in.created = true;
        return ProvisionResult.created(in.dashboardUrl);
      }
      FakeOp op = store.newOp(store.nextOpId(BrokerOperation.PROVISION), BrokerOperation.PROVISION,
          List.of(r.serviceId(), r.planId(), r.parameters()), () -> in.created = true, () -> { });
      in.start(op);
      return ProvisionResult.accepted(work(mode, store, op)).withDashboardUrl(in.dashboardUrl);
    }
  }

  DeprovisionResult deprovision(DeprovisionRequest r) {
    synchronized (store.lock) {
      String id = r.instanceId();
      FakeInstance in = store.instance(id);
      if (in == null) {
        throw ServiceBrokerException.gone("The service instance does not exist.");
      }
      AsyncMode mode = store.asyncMode(in.plan);
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
        return DeprovisionResult.accepted(work(mode, store, op));
      }
      store.instances.remove(id);
      return DeprovisionResult.deleted();
    }
  }

  UpdateResult update(UpdateRequest r) {
    synchronized (store.lock) {
      FakeInstance in = store.instance(r.instanceId());
      if (in == null) {
        throw ServiceBrokerException.notFound("The service instance does not exist.");
      }
      Plan target = r.plan() == null ? in.plan : r.plan();
      Map<String, Object> params = r.parameters().isEmpty() ? in.parameters : r.parameters();
      AsyncMode mode = store.asyncMode(in.plan);
      if (mode != null) {
        if (!r.acceptsIncomplete()) {
          throw ServiceBrokerException.asyncRequired();
        }
        FakeOp op = store.newOp(store.nextOpId(BrokerOperation.UPDATE), BrokerOperation.UPDATE,
            List.of(target.id(), params), () -> {
              in.plan = target;
              in.parameters = params;
            }, () -> { });
        in.start(op);
        return UpdateResult.accepted(work(mode, store, op));
      }
      in.plan = target;
      in.parameters = params;
      return UpdateResult.updated();
    }
  }

  InstanceDetails fetch(FetchInstanceRequest r) {
    synchronized (store.lock) {
      FakeInstance in = store.instance(r.instanceId());
      if (in == null) {
        return r.recorded();
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

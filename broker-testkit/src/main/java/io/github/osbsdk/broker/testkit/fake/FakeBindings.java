package io.github.osbsdk.broker.testkit.fake;

import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResponse;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.BindingLastOperationRequest;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResponse;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The service-binding operations of the fake. */
final class FakeBindings {
  private final FakeStore store;

  FakeBindings(FakeStore store) {
    this.store = store;
  }

  BindResponse bind(BindRequest r) {
    synchronized (store.lock) {
      FakeInstance in = store.instance(r.instanceId());
      if (in == null) {
        throw ServiceBrokerException.notFound("The service instance does not exist.");
      }
      if (!in.created) {
        throw ServiceBrokerException.concurrencyError();
      }
      ServiceOffering service = r.service() == null ? in.service : r.service();
      Plan plan = r.plan() == null ? in.plan : r.plan();
      if (!service.isBindable(plan)) {
        throw ServiceBrokerException.badRequest("Instances of this service plan cannot be bound.");
      }
      String bid = r.bindingId();
      List<Object> fingerprint = List.of(service.id(), plan.id(), r.parameters(),
          Objects.toString(r.appGuid(), ""));
      AsyncMode mode = r.acceptsIncomplete() ? store.asyncMode(plan) : null;
      FakeBinding existing = in.bindings.get(bid);
      if (existing != null && !existing.created && existing.op != null && existing.op.done()) {
        existing = null; // a failed bind: start over
      }
      if (existing != null) {
        if (!existing.fingerprint.equals(fingerprint)) {
          throw ServiceBrokerException.conflict(
              "A service binding with this id exists already with different attributes.");
        }
        if (!existing.created) {
          return (mode == AsyncMode.TASK
              ? BindResponse.builder().runAsync(store.task(existing.op))
              : BindResponse.builder().async(existing.op.id)).build();
        }
        return BindResponse.builder().credentials(existing.credentials).alreadyExists().build();
      }
      in.unbound.remove(bid);
      FakeBinding b = new FakeBinding(bid, fingerprint, r.parameters(), store.credentials(r));
      in.bindings.put(bid, b);
      if (mode == null) {
        b.created = true;
        return BindResponse.builder().credentials(b.credentials).build();
      }
      FakeOp op = store.newOp(store.nextOpId(BrokerOperation.BIND), BrokerOperation.BIND,
          fingerprint, () -> b.created = true, () -> { });
      b.start(op);
      return (mode == AsyncMode.TASK ? BindResponse.builder().runAsync(store.task(op))
          : BindResponse.builder().async(op.id)).build();
    }
  }

  UnbindResponse unbind(UnbindRequest r) {
    synchronized (store.lock) {
      FakeInstance in = store.instance(r.instanceId());
      FakeBinding b = in == null ? null : in.bindings.get(r.bindingId());
      if (b == null) {
        throw ServiceBrokerException.gone("The service binding does not exist.");
      }
      AsyncMode mode = r.acceptsIncomplete() ? store.asyncMode(in.plan) : null;
      if (b.running(BrokerOperation.UNBIND)) {
        return mode == AsyncMode.TASK ? UnbindResponse.runAsync(store.task(b.op))
            : UnbindResponse.async(b.op.id);
      }
      if (b.op != null && b.op.running()) {
        throw ServiceBrokerException.concurrencyError();
      }
      String bid = r.bindingId();
      if (mode != null) {
        String opId = store.nextOpId(BrokerOperation.UNBIND);
        FakeOp op = store.newOp(opId, BrokerOperation.UNBIND, List.of(), () -> {
          in.bindings.remove(bid, b);
          in.unbound.put(bid, opId);
        }, () -> { });
        b.start(op);
        return mode == AsyncMode.TASK ? UnbindResponse.runAsync(store.task(op))
            : UnbindResponse.async(op.id);
      }
      in.bindings.remove(bid);
      return UnbindResponse.done();
    }
  }

  BindingDetails fetch(FetchBindingRequest r) {
    synchronized (store.lock) {
      FakeInstance in = store.instance(r.instanceId());
      FakeBinding b = in == null ? null : in.bindings.get(r.bindingId());
      if (b == null) {
        throw ServiceBrokerException.notFound("The service binding does not exist.");
      }
      if (!b.created) {
        throw ServiceBrokerException.notFound("The service binding is still being created.");
      }
      return new BindingDetails(b.credentials, null, null, null, null, b.parameters, null);
    }
  }

  LastOperation lastOperation(BindingLastOperationRequest r) {
    synchronized (store.lock) {
      FakeInstance in = store.instance(r.instanceId());
      if (in == null) {
        throw ServiceBrokerException.notFound("The service instance does not exist.");
      }
      FakeBinding b = in.bindings.get(r.bindingId());
      if (b == null) {
        if (in.unbound.containsKey(r.bindingId())) {
          throw ServiceBrokerException.gone("The service binding has been deleted.");
        }
        throw ServiceBrokerException.notFound("The service binding does not exist.");
      }
      String operation = r.operation();
      if (operation != null && (b.op == null || !operation.equals(b.op.id))) {
        if (b.pastOps.contains(operation)) {
          return LastOperation.succeeded();
        }
        throw ServiceBrokerException.badRequest("Unknown operation for this service binding.");
      }
      return FakeStore.state(b.op, false);
    }
  }

  static Map<String, Object> defaultCredentials(BindRequest r) {
    return Map.of("uri", "fake://" + r.instanceId() + "/" + r.bindingId(),
        "username", "user-" + Integer.toHexString(r.bindingId().hashCode()),
        "password", java.util.UUID.randomUUID().toString());
  }
}

package io.github.osbsdk.broker.testkit.fake;

import io.github.osbsdk.broker.api.AsyncTask;
import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.BindingLastOperationRequest;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The service-binding operations of the fake: the work only, the SDK answers the rest. */
final class FakeBindings {
  private final FakeStore store;

  FakeBindings(FakeStore store) {
    this.store = store;
  }

  private static AsyncWork work(AsyncMode mode, FakeStore store, FakeOp op) {
    return mode == AsyncMode.TASK ? AsyncWork.task(store.task(op))
        : AsyncWork.trackedByProvider(op.id);
  }

  private static BindResult acceptedBind(AsyncMode mode, FakeStore store, FakeOp op) {
    if (mode != AsyncMode.TASK) {
      return BindResult.accepted(AsyncWork.trackedByProvider(op.id));
    }
    AsyncTask task = store.task(op);
    // delivers no credentials: fetch adds them, as for provider-tracked binds
    return BindResult.accepted(() -> {
      task.run();
      return BindResult.bound(null);
    });
  }

  BindResult bind(BindRequest r) {
    synchronized (store.lock) {
      FakeInstance in = store.instance(r.instanceId());
      if (in == null) {
        throw ServiceBrokerException.notFound("The service instance does not exist.");
      }
      String bid = r.bindingId();
      if (r.predecessorBindingId() != null) {
        FakeBinding predecessor = in.bindings.get(r.predecessorBindingId());
        if (predecessor == null || !predecessor.created) {
          throw ServiceBrokerException.badRequest("The predecessor binding does not exist.");
        }
      }
      List<Object> fingerprint = List.of(r.serviceId(), r.planId(), r.parameters(),
          Objects.toString(r.appGuid(), ""));
      AsyncMode mode = r.acceptsIncomplete() ? store.asyncMode(r.plan()) : null;
      in.unbound.remove(bid);
      FakeBinding b = new FakeBinding(bid, fingerprint, r.parameters(), store.credentials(r));
      in.bindings.put(bid, b);
      if (mode == null) {
        b.created = true;
        return BindResult.bound(b.credentials);
      }
      FakeOp op = store.newOp(store.nextOpId(BrokerOperation.BIND), BrokerOperation.BIND,
          fingerprint, () -> b.created = true, () -> { });
      b.start(op);
      return acceptedBind(mode, store, op);
    }
  }

  UnbindResult unbind(UnbindRequest r) {
    synchronized (store.lock) {
      FakeInstance in = store.instance(r.instanceId());
      FakeBinding b = in == null ? null : in.bindings.get(r.bindingId());
      if (b == null) {
        throw ServiceBrokerException.gone("The service binding does not exist.");
      }
      AsyncMode mode = r.acceptsIncomplete() ? store.asyncMode(in.plan) : null;
      String bid = r.bindingId();
      if (mode != null) {
        String opId = store.nextOpId(BrokerOperation.UNBIND);
        FakeOp op = store.newOp(opId, BrokerOperation.UNBIND, List.of(), () -> {
          in.bindings.remove(bid, b);
          in.unbound.put(bid, opId);
        }, () -> { });
        b.start(op);
        return UnbindResult.accepted(work(mode, store, op));
      }
      in.bindings.remove(bid);
      return UnbindResult.unbound();
    }
  }

  BindingDetails fetch(FetchBindingRequest r) {
    synchronized (store.lock) {
      FakeInstance in = store.instance(r.instanceId());
      FakeBinding b = in == null ? null : in.bindings.get(r.bindingId());
      if (b == null) {
        return r.recorded();
      }
      BindingDetails rec = r.recorded();
      return new BindingDetails(b.credentials, rec.syslogDrainUrl(), rec.routeServiceUrl(),
          rec.volumeMounts(), rec.endpoints(), b.parameters, rec.metadata());
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

package io.github.osbsdk.broker.store.jdbc.replicas;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link CountingProvider} (synchronous plans) whose next provision or bind fails after it was
 * counted, when a test asks for it, as a backend that fails with an unknown outcome does; it
 * records the instances it deprovisions and the bindings it unbinds, so a test can see that the
 * platform's orphan-mitigation delete reached it.
 */
final class FailNextProvider implements ServiceBroker {
  /** The calls counted, as {@link CountingProvider} counts them. */
  final CountingProvider counting = new CountingProvider(false);
  /** Set to fail the next provision (once). */
  final AtomicBoolean failNextProvision = new AtomicBoolean();
  /** Set to fail the next bind (once). */
  final AtomicBoolean failNextBind = new AtomicBoolean();
  /** The instance ids deprovisioned, in order. */
  final List<String> deprovisions = new CopyOnWriteArrayList<>();
  /** The binding ids unbound, in order. */
  final List<String> unbinds = new CopyOnWriteArrayList<>();

  @Override
  public Catalog catalog() {
    return counting.catalog();
  }

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    ProvisionResult r = counting.provision(request);
    failIfAsked(failNextProvision);
    return r;
  }

  @Override
  public DeprovisionResult deprovision(DeprovisionRequest request) {
    deprovisions.add(request.instanceId());
    return counting.deprovision(request);
  }

  @Override
  public BindResult bind(BindRequest request) {
    BindResult r = counting.bind(request);
    failIfAsked(failNextBind);
    return r;
  }

  @Override
  public UnbindResult unbind(UnbindRequest request) {
    unbinds.add(request.bindingId());
    return counting.unbind(request);
  }

  private static void failIfAsked(AtomicBoolean failNext) {
    if (failNext.getAndSet(false)) {
      throw new IllegalStateException("the backend failed");
    }
  }
}

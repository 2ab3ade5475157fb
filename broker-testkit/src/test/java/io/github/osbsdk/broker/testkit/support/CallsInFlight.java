package io.github.osbsdk.broker.testkit.support;

import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.ServiceBroker;
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
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@link ServiceBroker} in front of another that counts the provider calls in the other's
 * hands, so that a test waits until a slow call (a delayed bind, say) has ended rather than
 * sleeping for longer than the call's delay.
 */
public final class CallsInFlight implements ServiceBroker {
  private final ServiceBroker target;
  private final Object lock = new Object();
  /** The calls in the target's hands; guarded by {@link #lock}. */
  private int running;

  /**
   * @param target the broker that does the work
   */
  public CallsInFlight(ServiceBroker target) {
    this.target = Objects.requireNonNull(target, "target == null");
  }

  /**
   * Waits until no call is in the target's hands.
   *
   * @param limit the longest wait
   * @return whether none is
   * @throws InterruptedException when interrupted
   */
  public boolean awaitNone(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    synchronized (lock) {
      for (long left = limit.toNanos(); running > 0 && left > 0;
          left = deadline - System.nanoTime()) {
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return running == 0;
    }
  }

  private <T> T counted(Supplier<T> call) {
    synchronized (lock) {
      running++;
    }
    try {
      return call.get();
    } finally {
      synchronized (lock) {
        running--;
        lock.notifyAll();
      }
    }
  }

  @Override
  public Catalog catalog() {
    return counted(target::catalog);
  }

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    return counted(() -> target.provision(request));
  }

  @Override
  public DeprovisionResult deprovision(DeprovisionRequest request) {
    return counted(() -> target.deprovision(request));
  }

  @Override
  public UpdateResult update(UpdateRequest request) {
    return counted(() -> target.update(request));
  }

  @Override
  public InstanceDetails fetchInstance(FetchInstanceRequest request) {
    return counted(() -> target.fetchInstance(request));
  }

  @Override
  public LastOperation lastOperation(LastOperationRequest request) {
    return counted(() -> target.lastOperation(request));
  }

  @Override
  public BindResult bind(BindRequest request) {
    return counted(() -> target.bind(request));
  }

  @Override
  public UnbindResult unbind(UnbindRequest request) {
    return counted(() -> target.unbind(request));
  }

  @Override
  public BindingDetails fetchBinding(FetchBindingRequest request) {
    return counted(() -> target.fetchBinding(request));
  }

  @Override
  public LastOperation lastBindingOperation(BindingLastOperationRequest request) {
    return counted(() -> target.lastBindingOperation(request));
  }

  @Override
  public void instanceStateChanged(InstanceStateRequest request) {
    counted(() -> {
      target.instanceStateChanged(request);
      return null;
    });
  }
}

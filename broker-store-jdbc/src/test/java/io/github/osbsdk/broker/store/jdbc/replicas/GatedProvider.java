package io.github.osbsdk.broker.store.jdbc.replicas;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@link CountingProvider}'s catalog, synchronous answers (an empty task for a provision on
 * the {@code async} plan), and a gate per method: a call of a
 * method that {@link #hold}s waits (up to 20 s) until the test {@link #open}s it, so a test can
 * send a request to the other replica while the provider is inside this one. Records its calls.
 */
final class GatedProvider implements ServiceBroker {
  /** Calls, as {@code "method id"} (binding calls: {@code "method id/bindingId"}). */
  final List<String> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Gate> gates = new ConcurrentHashMap<>();
  /** Methods whose calls fail (500), after their gate if they have one. */
  final Set<String> failing = ConcurrentHashMap.newKeySet();

  /** A gate: entered when a call reaches it, open when the test lets it through. */
  record Gate(CountDownLatch entered, CountDownLatch open) {
    void await() {
      try {
        if (!entered.await(10, TimeUnit.SECONDS)) {
          throw new AssertionError("the provider was not called");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Makes the next calls of {@code method} wait until {@link #open}; returns the gate. */
  Gate hold(String method) {
    Gate g = new Gate(new CountDownLatch(1), new CountDownLatch(1));
    gates.put(method, g);
    return g;
  }

  /** Lets the held calls of {@code method} through, and the later ones pass. */
  void open(String method) {
    Gate g = gates.remove(method);
    if (g != null) {
      g.open().countDown();
    }
  }

  /** Opens every gate (after a test). */
  void openAll() {
    gates.keySet().forEach(this::open);
  }

  private void pass(String method, String target) {
    calls.add(method + " " + target);
    Gate g = gates.get(method);
    if (g != null) {
      awaitOpen(method, g);
    }
    if (failing.contains(method)) {
      throw ServiceBrokerException.internalError("The provider failed to " + method + ".");
    }
  }

  private static void awaitOpen(String method, Gate g) {
    g.entered().countDown();
    try {
      if (!g.open().await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test did not open " + method);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Catalog catalog() {
    return CountingProvider.CATALOG;
  }

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    pass("provision", request.instanceId());
    return "async".equals(request.planId())
        ? ProvisionResult.accepted(AsyncWork.task(() -> { })) : ProvisionResult.created();
  }

  @Override
  public UpdateResult update(UpdateRequest request) {
    pass("update", request.instanceId());
    return UpdateResult.updated();
  }

  @Override
  public DeprovisionResult deprovision(DeprovisionRequest request) {
    pass("deprovision", request.instanceId());
    return DeprovisionResult.deleted();
  }

  @Override
  public BindResult bind(BindRequest request) {
    pass("bind", request.instanceId() + "/" + request.bindingId());
    return BindResult.bound(Map.of("user", "u-" + request.bindingId()));
  }

  @Override
  public UnbindResult unbind(UnbindRequest request) {
    pass("unbind", request.instanceId() + "/" + request.bindingId());
    return UnbindResult.unbound();
  }
}

package io.github.osbsdk.broker.store.jdbc.replicas;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider that counts its calls. Plans: {@code sync} (201), {@code async} (a plain task that
 * waits for {@link #release}), {@code step} (the resumable step {@value #STEP} with
 * {@code {"size": 3}}).
 */
final class CountingProvider implements ServiceBroker {
  static final String SERVICE = "svc-db";
  static final String STEP = "create";
  static final Catalog CATALOG = Catalog.of(ServiceOffering
      .builder(SERVICE, "db-service", "A service for the replica tests").bindable(true)
      .plan(Plan.builder("sync", "sync", "Synchronous plan").build())
      .plan(Plan.builder("async", "async", "Asynchronous plan, plain task").build())
      .plan(Plan.builder("step", "step", "Asynchronous plan, resumable step").build())
      .build());

  final AtomicInteger provisions = new AtomicInteger();
  final AtomicInteger binds = new AtomicInteger();
  private final CountDownLatch release;

  /**
   * Creates the provider.
   *
   * @param hold whether asynchronous tasks wait for {@link #release()}
   */
  CountingProvider(boolean hold) {
    this.release = new CountDownLatch(hold ? 1 : 0);
  }

  void release() {
    release.countDown();
  }

  @Override
  public Catalog catalog() {
    return CATALOG;
  }

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    provisions.incrementAndGet();
    return switch (request.planId()) {
      case "async" -> ProvisionResult.accepted(AsyncWork.task(() -> {
        if (!release.await(20, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test did not release the task");
        }
      }));
      case "step" -> ProvisionResult.accepted(AsyncWork.step(STEP, Map.of("size", 3)));
      default -> ProvisionResult.created();
    };
  }

  @Override
  public UpdateResult update(UpdateRequest request) {
    return UpdateResult.updated();
  }

  @Override
  public DeprovisionResult deprovision(DeprovisionRequest request) {
    return DeprovisionResult.deleted();
  }

  @Override
  public BindResult bind(BindRequest request) {
    binds.incrementAndGet();
    return BindResult.bound(Map.of("user", "u-" + request.bindingId()));
  }

  @Override
  public UnbindResult unbind(UnbindRequest request) {
    return UnbindResult.unbound();
  }
}

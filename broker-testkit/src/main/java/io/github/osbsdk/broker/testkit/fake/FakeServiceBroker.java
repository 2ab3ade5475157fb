package io.github.osbsdk.broker.testkit.fake;

import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.ServiceBrokerException;
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
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * An in-memory {@link ServiceBroker} with correct OSB 2.17 semantics for providers' own tests.
 *
 * <p>Mounted in the SDK, whose registry answers repeats (200, or 202 with the running operation),
 * conflicts (409), unknown ids (404, 410) and concurrent mutations (422
 * {@code ConcurrencyError}), the fake does the work: provision answers 201, binds return
 * credentials (none in a 202). Plans named with
 * {@link FakeServiceBrokerBuilder#asyncPlan(String, AsyncMode)} run asynchronously: their
 * operations finish after {@link FakeServiceBrokerBuilder#asyncDuration(Duration)} (or at once with
 * {@link #completeAsyncOperations()}); provision, update and deprovision need
 * {@code accepts_incomplete=true} (else 422 {@code AsyncRequired}), binds and unbinds run
 * asynchronously only when the platform accepts it; a finished asynchronous delete then answers
 * 410 on last operation. A second, different mutation while an operation runs gets 422
 * {@code ConcurrencyError}; an identical repeat gets the running operation. Rotation binds
 * ({@code predecessor_binding_id}) need an existing predecessor (else 400).
 *
 * <p>Errors and delays can be injected per {@link BrokerOperation}, once or always, at build time
 * or later; every call is recorded, also calls that then fail, for assertions:
 *
 * <pre>{@code
 * FakeServiceBroker fake = FakeServiceBroker.builder()
 *     .catalog(myCatalog)
 *     .asyncPlan("plan-async", AsyncMode.TASK)
 *     .failOnce(BrokerOperation.BIND, ServiceBrokerException.requiresApp())
 *     .build();
 * // ... run requests through the SDK ...
 * assertThat(fake.requests(ProvisionRequest.class)).hasSize(1);
 * }</pre>
 *
 * <p>The fake is thread-safe.
 */
public final class FakeServiceBroker implements ServiceBroker {
  private final Catalog catalog;
  private final Faults faults;
  private final FakeStore store;
  private final FakeInstances instances;
  private final FakeBindings bindings;
  private final List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();

  FakeServiceBroker(Catalog catalog, Faults faults, FakeStore store) {
    this.catalog = catalog;
    this.faults = faults;
    this.store = store;
    this.instances = new FakeInstances(store);
    this.bindings = new FakeBindings(store);
  }

  /**
   * Starts a fake provider that answers every call as a well-behaved broker would.
   *
   * @return a builder; without a catalog the fake serves {@link SampleCatalog#catalog()}
   */
  public static FakeServiceBrokerBuilder builder() {
    return new FakeServiceBrokerBuilder();
  }

  private <T> T call(BrokerOperation op, Object request, Supplier<T> action) {
    recorded.add(new RecordedRequest(op, request, Instant.now()));
    faults.apply(op);
    return action.get();
  }

  /** Records the call and answers the fake's catalog, unless a fault is configured for it. */
  @Override
  public Catalog catalog() {
    return call(BrokerOperation.CATALOG, "catalog", () -> catalog);
  }

  /**
   * Records the call and creates the instance in memory, at once or, on an asynchronous plan, as
   * an operation (202).
   */
  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    return call(BrokerOperation.PROVISION, request, () -> instances.provision(request));
  }

  /**
   * Records the call and deletes the instance in memory, at once or as an operation (202) on an
   * asynchronous plan.
   */
  @Override
  public DeprovisionResult deprovision(DeprovisionRequest request) {
    return call(BrokerOperation.DEPROVISION, request, () -> instances.deprovision(request));
  }

  /** Records the call and updates the instance in memory, synchronously or not as its plan runs. */
  @Override
  public UpdateResult update(UpdateRequest request) {
    return call(BrokerOperation.UPDATE, request, () -> instances.update(request));
  }

  /** Records the call and answers the instance as provisioned or last updated. */
  @Override
  public InstanceDetails fetchInstance(FetchInstanceRequest request) {
    return call(BrokerOperation.FETCH_INSTANCE, request, () -> instances.fetch(request));
  }

  /** Records the call and answers the state of the instance's asynchronous operation. */
  @Override
  public LastOperation lastOperation(LastOperationRequest request) {
    return call(BrokerOperation.LAST_OPERATION, request, () -> instances.lastOperation(request));
  }

  /**
   * Records the call and creates the binding in memory, at once or as an operation (202) on an
   * asynchronous plan.
   */
  @Override
  public BindResult bind(BindRequest request) {
    return call(BrokerOperation.BIND, request, () -> bindings.bind(request));
  }

  /**
   * Records the call and deletes the binding in memory, at once or as an operation (202) on an
   * asynchronous plan.
   */
  @Override
  public UnbindResult unbind(UnbindRequest request) {
    return call(BrokerOperation.UNBIND, request, () -> bindings.unbind(request));
  }

  /** Records the call and answers the binding as created. */
  @Override
  public BindingDetails fetchBinding(FetchBindingRequest request) {
    return call(BrokerOperation.FETCH_BINDING, request, () -> bindings.fetch(request));
  }

  /** Records the call and answers the state of the binding's asynchronous operation. */
  @Override
  public LastOperation lastBindingOperation(BindingLastOperationRequest request) {
    return call(BrokerOperation.LAST_BINDING_OPERATION, request,
        () -> bindings.lastOperation(request));
  }

  /** Records the call; the fake keeps no state of its own for it. */
  @Override
  public void instanceStateChanged(InstanceStateRequest request) {
    call(BrokerOperation.INSTANCE_STATE_CHANGED, request, () -> null);
  }

  /**
   * Every call the SDK made to the fake, to check what reached the provider.
   *
   * @return every call received so far, oldest first
   */
  public List<RecordedRequest> requests() {
    return List.copyOf(recorded);
  }

  /**
   * The calls of one operation the SDK made to the fake.
   *
   * @param operation an operation
   * @return the request records of the calls of that operation, oldest first
   */
  public List<Object> requests(BrokerOperation operation) {
    Objects.requireNonNull(operation, "operation == null");
    return recorded.stream().filter(r -> r.operation() == operation)
        .map(RecordedRequest::request).toList();
  }

  /**
   * The requests of one type the SDK passed to the fake.
   *
   * @param type a request record type, e.g. {@code ProvisionRequest.class}
   * @param <T> the type
   * @return the received requests of that type, oldest first
   */
  public <T> List<T> requests(Class<T> type) {
    Objects.requireNonNull(type, "type == null");
    return recorded.stream().map(RecordedRequest::request).filter(type::isInstance)
        .map(type::cast).toList();
  }

  /** Forgets the recorded calls. */
  public void clearRequests() {
    recorded.clear();
  }

  /**
   * Makes every later call of the operation throw the exception (after any injected delay).
   *
   * @param operation the operation
   * @param error the exception to throw
   */
  public void failAlways(BrokerOperation operation, ServiceBrokerException error) {
    faults.failAlways(Objects.requireNonNull(operation, "operation == null"),
        Objects.requireNonNull(error, "error == null"));
  }

  /**
   * Makes the next call of the operation throw the exception; several calls queue up.
   *
   * @param operation the operation
   * @param error the exception to throw
   */
  public void failOnce(BrokerOperation operation, ServiceBrokerException error) {
    faults.failOnce(Objects.requireNonNull(operation, "operation == null"),
        Objects.requireNonNull(error, "error == null"));
  }

  /**
   * Delays every later call of the operation; {@link Duration#ZERO} removes the delay.
   *
   * @param operation the operation
   * @param delay how long each call sleeps before it is answered, zero or more; one too long to
   *     count in milliseconds sleeps until the calling thread is interrupted
   */
  public void delay(BrokerOperation operation, Duration delay) {
    Objects.requireNonNull(delay, "delay == null");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative");
    }
    faults.delay(Objects.requireNonNull(operation, "operation == null"), delay);
  }

  /**
   * Makes the next asynchronous operation end {@code failed} with the exception's description
   * (and its {@code instance_usable}, on the instance endpoint). A failed create leaves nothing
   * usable; a failed update, delete or unbind changes nothing.
   *
   * @param error the failure
   */
  public void failNextAsyncOperation(ServiceBrokerException error) {
    faults.failNextAsync(Objects.requireNonNull(error, "error == null"));
  }

  /** Removes every injected error and delay. */
  public void clearFaults() {
    faults.clear();
  }

  /** Finishes every running asynchronous operation now. */
  public void completeAsyncOperations() {
    synchronized (store.lock) {
      store.finishAll();
    }
  }

  /**
   * The instances the fake holds.
   *
   * @return the ids of the instances that exist (also those still being created)
   */
  public Set<String> instanceIds() {
    synchronized (store.lock) {
      List.copyOf(store.instances.keySet()).forEach(store::instance);
      return Set.copyOf(store.instances.keySet());
    }
  }

  /**
   * The bindings the fake holds for an instance.
   *
   * @param instanceId an instance id
   * @return the ids of its bindings (also those still being created); empty when none or unknown
   */
  public Set<String> bindingIds(String instanceId) {
    synchronized (store.lock) {
      FakeInstance in = store.instance(instanceId);
      return in == null ? Set.of() : Set.copyOf(in.bindings.keySet());
    }
  }
}

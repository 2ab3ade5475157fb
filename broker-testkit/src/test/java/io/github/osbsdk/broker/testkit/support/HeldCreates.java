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
import io.github.osbsdk.broker.testkit.fake.BrokerOperation;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@link ServiceBroker} in front of another that holds each provision (or each bind) in its
 * provider call until a delete of what it creates (the instance, the binding) has been answered:
 * the SDK's registry knows the create as running, so that delete meets it at work for certain,
 * and the instance or binding appears only after it. Every other call passes straight through.
 *
 * <p>Meant to sit behind an {@link AnswerDroppingProxy} that closes the client's connection once
 * the create is held ({@link #awaitHeld}) and tells of the deletes' answers
 * ({@link #answered}):
 *
 * <pre>{@code
 * proxy = AnswerDroppingProxy.closingAfterRequests(url, held::holds, held::awaitHeld);
 * proxy.onAnswer(held::answered);
 * }</pre>
 *
 * <p>A create no delete came for goes on after {@link #releaseAll()}, or at the latest after
 * {@link #MAX_HOLD}, so that no test hangs.
 */
public final class HeldCreates implements ServiceBroker {
  /** The longest a create is held, and the longest {@link #awaitHeld} waits for one. */
  public static final Duration MAX_HOLD = Duration.ofSeconds(60);

  private static final String INSTANCES = "/v2/service_instances/";
  private static final String BINDINGS = "/service_bindings/";

  private final ServiceBroker target;
  private final BrokerOperation held;
  /** The hold of each create, by the path of its instance or binding. */
  private final Map<String, Hold> holds = new ConcurrentHashMap<>();
  private final List<String> deletesWhileHeld = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  /** The creates held or in the target's hands; guarded by {@link #lock}. */
  private int running;
  /** Whether every create goes on at once; guarded by {@link #lock}. */
  private boolean open;

  /**
   * @param target the broker that does the work
   * @param held the creates to hold: {@link BrokerOperation#PROVISION} or
   *     {@link BrokerOperation#BIND}
   * @throws IllegalArgumentException for another operation
   */
  public HeldCreates(ServiceBroker target, BrokerOperation held) {
    if (held != BrokerOperation.PROVISION && held != BrokerOperation.BIND) {
      throw new IllegalArgumentException("only a PROVISION or a BIND can be held: " + held);
    }
    this.target = Objects.requireNonNull(target, "target == null");
    this.held = held;
  }

  /**
   * @param requestLine e.g. {@code PUT /v2/service_instances/x HTTP/1.1}
   * @return whether it sends a create this broker holds (a PUT of an instance or a binding)
   */
  public boolean holds(String requestLine) {
    String[] parts = requestLine.split(" ");
    if (parts.length < 2 || !parts[0].equals("PUT")) {
      return false;
    }
    String[] segments = URI.create(parts[1]).getRawPath().split("/", -1);
    boolean instance = segments.length >= 4 && segments[1].equals("v2")
        && segments[2].equals("service_instances") && !segments[3].isEmpty();
    return held == BrokerOperation.PROVISION ? instance && segments.length == 4
        : instance && segments.length == 6 && segments[4].equals("service_bindings")
            && !segments[5].isEmpty();
  }

  /**
   * Waits until the create a request line names is held (at most {@link #MAX_HOLD}: a create the
   * broker refused before its provider call never is).
   *
   * @param requestLine e.g. {@code PUT /v2/service_instances/x?accepts_incomplete=true HTTP/1.1}
   */
  public void awaitHeld(String requestLine) {
    try {
      hold(pathOf(requestLine)).arrived.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Takes an answer the proxy saw: a delete's answer, given while the create of its path was
   * held, lets that create go on. A delete before the create came changes nothing.
   *
   * @param requestLine e.g. {@code DELETE /v2/service_instances/x?plan_id=p HTTP/1.1}
   * @param statusLine the answer's status line
   */
  public void answered(String requestLine, String statusLine) {
    if (!requestLine.startsWith("DELETE ")) {
      return;
    }
    Hold hold = hold(pathOf(requestLine));
    synchronized (hold) {
      if (hold.arrived.getCount() == 0 && hold.released.getCount() > 0) {
        deletesWhileHeld.add(statusLine);
        hold.released.countDown();
      }
    }
  }

  /**
   * @return the status line of each delete answered while the create of its path was held, e.g.
   *     {@code HTTP/1.1 422 Unprocessable Entity}
   */
  public List<String> deletesWhileHeld() {
    return List.copyOf(deletesWhileHeld);
  }

  /** Lets every held create, and every later one, go on. */
  public void releaseAll() {
    synchronized (lock) {
      open = true;
    }
    holds.values().forEach(h -> h.released.countDown());
  }

  /**
   * Waits until no create is held or in the target's hands.
   *
   * @param limit the longest wait
   * @return whether none is
   * @throws InterruptedException when interrupted
   */
  public boolean awaitNoneRunning(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    synchronized (lock) {
      for (long left = limit.toNanos(); running > 0 && left > 0;
          left = deadline - System.nanoTime()) {
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return running == 0;
    }
  }

  /** The request target's path, decoded: {@code /v2/service_instances/x}. */
  private static String pathOf(String requestLine) {
    String[] parts = requestLine.split(" ");
    if (parts.length < 2) {
      throw new IllegalArgumentException("not a request line: " + requestLine);
    }
    return URI.create(parts[1]).getPath();
  }

  private Hold hold(String path) {
    return holds.computeIfAbsent(path, p -> {
      synchronized (lock) {
        return new Hold(open);
      }
    });
  }

  private <T> T held(String path, Supplier<T> create) {
    synchronized (lock) {
      running++;
    }
    try {
      Hold hold = hold(path);
      synchronized (hold) {
        hold.arrived.countDown();
      }
      // without a delete or releaseAll, the create goes on after MAX_HOLD, as without a hold
      hold.released.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
      return create.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while held: " + path, e);
    } finally {
      synchronized (lock) {
        running--;
        lock.notifyAll();
      }
    }
  }

  /** Whether a create has come, and whether it may go on. */
  private static final class Hold {
    final CountDownLatch arrived = new CountDownLatch(1);
    final CountDownLatch released;

    Hold(boolean open) {
      released = new CountDownLatch(open ? 0 : 1);
    }
  }

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    if (held != BrokerOperation.PROVISION) {
      return target.provision(request);
    }
    return held(INSTANCES + request.instanceId(), () -> target.provision(request));
  }

  @Override
  public BindResult bind(BindRequest request) {
    if (held != BrokerOperation.BIND) {
      return target.bind(request);
    }
    return held(INSTANCES + request.instanceId() + BINDINGS + request.bindingId(),
        () -> target.bind(request));
  }

  @Override
  public Catalog catalog() {
    return target.catalog();
  }

  @Override
  public DeprovisionResult deprovision(DeprovisionRequest request) {
    return target.deprovision(request);
  }

  @Override
  public UpdateResult update(UpdateRequest request) {
    return target.update(request);
  }

  @Override
  public InstanceDetails fetchInstance(FetchInstanceRequest request) {
    return target.fetchInstance(request);
  }

  @Override
  public LastOperation lastOperation(LastOperationRequest request) {
    return target.lastOperation(request);
  }

  @Override
  public UnbindResult unbind(UnbindRequest request) {
    return target.unbind(request);
  }

  @Override
  public BindingDetails fetchBinding(FetchBindingRequest request) {
    return target.fetchBinding(request);
  }

  @Override
  public LastOperation lastBindingOperation(BindingLastOperationRequest request) {
    return target.lastBindingOperation(request);
  }

  @Override
  public void instanceStateChanged(InstanceStateRequest request) {
    target.instanceStateChanged(request);
  }
}

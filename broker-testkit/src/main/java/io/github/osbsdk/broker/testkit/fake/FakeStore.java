package io.github.osbsdk.broker.testkit.fake;

import io.github.osbsdk.broker.api.AsyncTask;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** Instances, bindings and operations of one fake broker; every access holds {@link #lock}. */
final class FakeStore {
  final Object lock = new Object();
  final Map<String, FakeInstance> instances = new LinkedHashMap<>();
  /** Instances removed by a finished asynchronous deprovision: id to operation id. */
  final Map<String, String> deprovisioned = new HashMap<>();
  private final Map<String, AsyncMode> asyncPlans;
  private final long asyncNanos;
  private final Faults faults;
  private final Function<BindRequest, Map<String, Object>> credentials;
  private final Function<ProvisionRequest, String> dashboardUrl;
  private final AtomicLong counter = new AtomicLong();

  FakeStore(Map<String, AsyncMode> asyncPlans, long asyncNanos, Faults faults,
      Function<BindRequest, Map<String, Object>> credentials,
      Function<ProvisionRequest, String> dashboardUrl) {
    this.asyncPlans = Map.copyOf(asyncPlans);
    this.asyncNanos = asyncNanos;
    this.faults = faults;
    this.credentials = credentials;
    this.dashboardUrl = dashboardUrl;
  }

  /** @return how the plan runs asynchronously, or null for a synchronous plan */
  AsyncMode asyncMode(Plan plan) {
    return plan == null ? null : asyncPlans.get(plan.id());
  }

  Map<String, Object> credentials(BindRequest request) {
    return credentials.apply(request);
  }

  String dashboardUrl(ProvisionRequest request) {
    return dashboardUrl.apply(request);
  }

  String nextOpId(BrokerOperation kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + counter.incrementAndGet();
  }

  /** Starts an operation that finishes after the configured duration (or fails, if injected). */
  FakeOp newOp(String id, BrokerOperation kind, Object fingerprint, Runnable onSuccess,
      Runnable onFailure) {
    ServiceBrokerException failure = faults.takeAsyncFailure();
    return new FakeOp(id, kind, fingerprint, asyncNanos, failure, onSuccess, onFailure);
  }

  /** @return a task for the SDK's tracker that waits for the operation and reports its outcome */
  AsyncTask task(FakeOp op) {
    return () -> {
      long remaining;
      while ((remaining = op.remainingNanos()) > 0) {
        TimeUnit.NANOSECONDS.sleep(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(10)));
      }
      synchronized (lock) {
        op.settle();
      }
      if (op.failure != null) {
        throw op.failure;
      }
    };
  }

  /** @return the instance after settling its finished operations, or null */
  FakeInstance instance(String id) {
    FakeInstance in = instances.get(id);
    if (in == null) {
      return null;
    }
    if (in.op != null) {
      in.op.settle();
    }
    for (FakeBinding b : List.copyOf(in.bindings.values())) {
      if (b.op != null) {
        b.op.settle();
      }
    }
    return instances.get(id);
  }

  /** Finishes every running operation now. */
  void finishAll() {
    for (FakeInstance in : List.copyOf(instances.values())) {
      if (in.op != null) {
        in.op.finishNow();
      }
      for (FakeBinding b : in.bindings.values()) {
        if (b.op != null) {
          b.op.finishNow();
        }
      }
      instance(in.id);
    }
  }

  /** @return the {@code last_operation} answer for an operation (null: nothing ran) */
  static LastOperation state(FakeOp op, boolean instanceEndpoint) {
    if (op == null) {
      return LastOperation.succeeded();
    }
    if (op.running()) {
      return LastOperation.inProgress();
    }
    if (op.failure == null) {
      return LastOperation.succeeded();
    }
    LastOperation.Failed failed = LastOperation.failed(op.failure.description());
    return instanceEndpoint && op.failure.instanceUsable() != null
        ? failed.withInstanceUsable(op.failure.instanceUsable()) : failed;
  }
}

package io.github.osbsdk.broker.testkit.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of one reference broker: catalog, instances, tombstones of finished asynchronous
 * deletes, and the settling of finished operations. Every access holds {@link #lock}.
 */
final class RefState {
  final Object lock = new Object();
  final ObjectMapper mapper;
  final RefCatalog catalog;
  final MutationSet mutations;
  final Map<String, Instance> instances = new HashMap<>();
  /** Instances removed by a finished asynchronous deprovision: id to operation id. */
  final Map<String, String> deprovisioned = new HashMap<>();
  private final long asyncNanos;
  private final AtomicLong opCounter = new AtomicLong();
  volatile String baseUrl = "http://127.0.0.1";

  RefState(ObjectMapper mapper, MutationSet mutations, Duration asyncDuration) {
    this.mapper = mapper;
    this.mutations = mutations;
    this.catalog = new RefCatalog(mapper, mutations);
    this.asyncNanos = asyncDuration.toNanos();
  }

  boolean has(Mutation m) {
    return mutations.has(m);
  }

  boolean has(Probe p) {
    return mutations.has(p);
  }

  /** @return whether the instance is enabled, as the replica that took the call sees it */
  boolean enabled(Instance in, Call c) {
    return c.replica && has(Probe.REPLICAS_SHARE_NO_BLUEMIX_STATE) ? in.replicaEnabled
        : in.enabled;
  }

  /** Sets whether the instance is enabled, as the replica that took the call keeps it. */
  void enabled(Instance in, Call c, boolean enabled) {
    if (c.replica && has(Probe.REPLICAS_SHARE_NO_BLUEMIX_STATE)) {
      in.replicaEnabled = enabled;
    } else {
      in.enabled = enabled;
    }
  }

  /**
   * Starts an operation; ids contain {@code :}, {@code /} and a space so that the
   * {@code operation} round trip needs correct percent-encoding.
   */
  Op newOp(Op.Kind kind, JsonNode request) {
    String id = kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + opCounter.incrementAndGet()
        + "/ref op";
    return new Op(id, kind, System.nanoTime(), asyncNanos, Math.max(asyncNanos * 10,
        Duration.ofSeconds(5).toNanos()), request, new int[1]);
  }

  String dashboardUrl(String instanceId) {
    return baseUrl + "/dashboard/" + URLEncoder.encode(instanceId, StandardCharsets.UTF_8);
  }

  ObjectNode object() {
    return mapper.createObjectNode();
  }

  /** Applies the effects of finished operations; returns the instance, or null when gone. */
  Instance settle(String instanceId) {
    Instance in = instances.get(instanceId);
    if (in == null || in.op == null || !in.op.done()) {
      return in;
    }
    switch (in.op.kind()) {
      case PROVISION -> {
        in.created = true;
        in.createdAtNanos = System.nanoTime();
      }
      case UPDATE -> {
        if (in.pendingPlanId != null) {
          in.planId = in.pendingPlanId;
          in.parameters = in.pendingParameters;
          in.pendingPlanId = null;
          in.pendingParameters = null;
        }
      }
      case DEPROVISION -> {
        instances.remove(instanceId);
        deprovisioned.put(instanceId, in.op.id());
        return null;
      }
      default -> { }
    }
    for (Binding b : in.bindings.values().toArray(new Binding[0])) {
      settleBinding(in, b);
    }
    return in;
  }

  /** Applies a finished binding operation; returns the binding, or null when gone. */
  Binding settleBinding(Instance in, Binding b) {
    if (b == null || b.op == null || !b.op.done()) {
      return b;
    }
    if (b.op.kind() == Op.Kind.UNBIND) {
      in.bindings.remove(b.id);
      in.unbound.put(b.id, b.op.id());
      return null;
    }
    b.created = true;
    return b;
  }

  /** Remembers the current operation of the instance as past and sets a new one. */
  static void start(Instance in, Op op) {
    if (in.op != null) {
      in.pastOps.add(in.op.id());
    }
    in.op = op;
  }

  /** The {@code last_operation} body for an operation. */
  Reply lastOperation(Op op, boolean deleteFinished) {
    ObjectNode body = object();
    boolean stuck = has(Probe.ASYNC_PROVISION_STUCK_IN_PROGRESS) && op != null
        && op.kind() == Op.Kind.PROVISION;
    boolean slowWithFlags = has(Probe.LAST_OPERATION_USABLE_WHILE_RUNNING) && op != null
        && op.kind() == Op.Kind.PROVISION;
    if (op != null && (!op.done() || stuck || slowWithFlags && op.inProgressReports() < 3)) {
      if (slowWithFlags && op.inProgressReports() > 0) {
        body.put("instance_usable", false);
      }
      op.reportedInProgress();
      if (!has(Probe.LAST_OPERATION_WITHOUT_STATE)) {
        body.put("state", has(Probe.LAST_OPERATION_IN_PROGRESS_UNDERSCORE) ? "in_progress"
            : "in progress");
      }
      return Reply.json(200, body);
    }
    if (has(Mutation.ASYNC_OPERATIONS_FAIL) && op != null) {
      body.put("state", "failed").put("description", "The operation failed.");
    } else if (has(Mutation.LAST_OPERATION_LOST_AFTER_DELETE) && deleteFinished) {
      body.put("state", "failed").put("description", "Unknown operation.");
    } else {
      body.put("state", has(Mutation.LAST_OPERATION_STATE_DONE) ? "done" : "succeeded");
    }
    if (has(Mutation.LAST_OPERATION_PROVISION_USABLE) && op != null
        && op.kind() == Op.Kind.PROVISION) {
      body.put("instance_usable", true);
    }
    return Reply.json(200, body);
  }
}

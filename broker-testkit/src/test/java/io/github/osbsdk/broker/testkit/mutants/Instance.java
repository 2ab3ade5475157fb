package io.github.osbsdk.broker.testkit.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A service instance of the reference broker (guarded by the broker's lock). */
final class Instance {
  final String id;
  final String serviceId;
  String planId;
  /** The plan the instance was created with (a mutation compares repeats with it). */
  final String createPlanId;
  JsonNode parameters;
  String maintenanceVersion;
  final String dashboardUrl;
  /** Whether the create has finished. */
  boolean created;
  /** {@link System#nanoTime()} when an asynchronous create finished, else 0. */
  long createdAtNanos;
  /** The current or last operation, or null. */
  Op op;
  /** For a running update: the plan and parameters it applies. */
  String pendingPlanId;
  JsonNode pendingParameters;
  final Set<String> pastOps = new HashSet<>();
  boolean enabled = true;
  /** The second replica's own {@link #enabled} (read only with a bluemix replica mutation). */
  boolean replicaEnabled = true;
  long lastActive = System.currentTimeMillis();
  final Map<String, Binding> bindings = new LinkedHashMap<>();
  /** Bindings removed by a finished asynchronous unbind: id to operation id. */
  final Map<String, String> unbound = new HashMap<>();

  Instance(String id, String serviceId, String planId, JsonNode parameters,
      String maintenanceVersion, String dashboardUrl) {
    this.id = id;
    this.serviceId = serviceId;
    this.planId = planId;
    this.createPlanId = planId;
    this.parameters = parameters;
    this.maintenanceVersion = maintenanceVersion;
    this.dashboardUrl = dashboardUrl;
  }

  boolean running() {
    return op != null && !op.done();
  }
}

package io.github.osbsdk.broker.testkit.fake;

import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A service instance of the fake (guarded by the fake's lock). */
final class FakeInstance {
  final String id;
  final ServiceOffering service;
  Plan plan;
  Map<String, Object> parameters;
  final String dashboardUrl;
  boolean created;
  FakeOp op;
  final Set<String> pastOps = new HashSet<>();
  final Map<String, FakeBinding> bindings = new LinkedHashMap<>();
  /** Bindings removed by a finished asynchronous unbind: id to operation id. */
  final Map<String, String> unbound = new HashMap<>();

  FakeInstance(String id, ServiceOffering service, Plan plan, Map<String, Object> parameters,
      String dashboardUrl) {
    this.id = id;
    this.service = service;
    this.plan = plan;
    this.parameters = parameters;
    this.dashboardUrl = dashboardUrl;
  }

  void start(FakeOp next) {
    if (op != null) {
      pastOps.add(op.id);
    }
    op = next;
  }

  boolean running(BrokerOperation kind) {
    return op != null && op.running() && op.kind == kind;
  }
}

package io.github.osbsdk.broker.testkit.fake;

import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** A service instance of the fake (guarded by the fake's lock). */
final class FakeInstance extends FakeResource {
  final String id;
  final ServiceOffering service;
  Plan plan;
  Map<String, Object> parameters;
  final String dashboardUrl;
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
}

package io.github.osbsdk.broker.testkit.fake;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A service binding of the fake (guarded by the fake's lock). */
final class FakeBinding {
  final String id;
  /** Service id, plan id, parameters and app guid of the request that created it. */
  final List<Object> fingerprint;
  final Map<String, Object> parameters;
  final Map<String, Object> credentials;
  boolean created;
  FakeOp op;
  final Set<String> pastOps = new HashSet<>();

  FakeBinding(String id, List<Object> fingerprint, Map<String, Object> parameters,
      Map<String, Object> credentials) {
    this.id = id;
    this.fingerprint = fingerprint;
    this.parameters = parameters;
    this.credentials = credentials;
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

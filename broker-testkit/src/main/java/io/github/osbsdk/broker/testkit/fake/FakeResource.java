package io.github.osbsdk.broker.testkit.fake;

import java.util.HashSet;
import java.util.Set;

/**
 * What an instance and a binding of the fake share: the current operation and the ids of earlier
 * ones (guarded by the fake's lock).
 */
abstract class FakeResource {
  boolean created;
  FakeOp op;
  final Set<String> pastOps = new HashSet<>();

  /** Makes {@code next} the current operation, remembering the previous one's id. */
  void start(FakeOp next) {
    if (op != null) {
      pastOps.add(op.id);
    }
    op = next;
  }

  /** @return whether an operation of this kind is running */
  boolean running(BrokerOperation kind) {
    return op != null && op.running() && op.kind == kind;
  }
}

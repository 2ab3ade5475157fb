package io.github.osbsdk.broker.testkit.fake;

import io.github.osbsdk.broker.api.ServiceBrokerException;

/** An asynchronous operation of the fake; settled (under the fake's lock) once its time is up. */
final class FakeOp {
  final String id;
  final BrokerOperation kind;
  final Object fingerprint;
  final ServiceBrokerException failure;
  private final Runnable onSuccess;
  private final Runnable onFailure;
  private volatile long doneAtNanos;
  private boolean settled;

  FakeOp(String id, BrokerOperation kind, Object fingerprint, long durationNanos,
      ServiceBrokerException failure, Runnable onSuccess, Runnable onFailure) {
    this.id = id;
    this.kind = kind;
    this.fingerprint = fingerprint;
    this.failure = failure;
    this.onSuccess = onSuccess;
    this.onFailure = onFailure;
    this.doneAtNanos = System.nanoTime() + durationNanos;
  }

  long remainingNanos() {
    return Math.max(0, doneAtNanos - System.nanoTime());
  }

  void finishNow() {
    doneAtNanos = System.nanoTime();
  }

  boolean done() {
    return remainingNanos() == 0;
  }

  boolean running() {
    return !done();
  }

  /** Applies the effect once the time is up; call with the fake's lock held. */
  void settle() {
    if (settled || !done()) {
      return;
    }
    settled = true;
    (failure == null ? onSuccess : onFailure).run();
  }
}

package io.github.osbsdk.broker.testkit.mutants;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An asynchronous operation of the reference broker. It finishes once it has been reported
 * {@code in progress} at least once and {@code minNanos} have passed, or after {@code maxNanos}
 * in any case: polls then see each state quickly, and a second mutation sent right after the 202
 * reliably meets a running operation.
 *
 * @param id the operation id sent to the platform
 * @param kind what it does
 * @param startNanos {@link System#nanoTime()} when it started
 * @param minNanos the least time it runs
 * @param maxNanos the most time it runs
 * @param request the request that started it (to recognise identical repeats)
 * @param polls how often it was reported in progress (one-element counter)
 */
record Op(String id, Kind kind, long startNanos, long minNanos, long maxNanos, JsonNode request,
    int[] polls) {
  /** What an operation does. */
  enum Kind { PROVISION, UPDATE, DEPROVISION, BIND, UNBIND }

  boolean done() {
    long elapsed = System.nanoTime() - startNanos;
    synchronized (polls) {
      return elapsed >= maxNanos || (polls[0] > 0 && elapsed >= minNanos);
    }
  }

  /** @return how often it was reported in progress */
  int inProgressReports() {
    synchronized (polls) {
      return polls[0];
    }
  }

  /** Counts one {@code in progress} answer. */
  void reportedInProgress() {
    synchronized (polls) {
      polls[0]++;
    }
  }
}

package io.github.osbsdk.broker.testkit.mutants;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An asynchronous operation of the reference broker; it finishes at {@code doneAtNanos}.
 *
 * @param id the operation id sent to the platform
 * @param kind what it does
 * @param doneAtNanos {@link System#nanoTime()} when it finishes
 * @param request the request that started it (to recognise identical repeats)
 */
record Op(String id, Kind kind, long doneAtNanos, JsonNode request) {
  /** What an operation does. */
  enum Kind { PROVISION, UPDATE, DEPROVISION, BIND, UNBIND }

  boolean done() {
    return System.nanoTime() - doneAtNanos >= 0;
  }
}

package io.github.osbsdk.broker.testkit.mutants;

import java.util.EnumSet;
import java.util.Set;

/**
 * The mutations switched on in one {@link ReferenceBroker}; empty for the correct broker.
 *
 * @param active the active mutations
 */
record MutationSet(Set<Mutation> active) {
  MutationSet {
    active = active.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(active));
  }

  static MutationSet none() {
    return new MutationSet(Set.of());
  }

  static MutationSet of(Mutation mutation) {
    return new MutationSet(mutation == null ? Set.of() : Set.of(mutation));
  }

  boolean has(Mutation mutation) {
    return active.contains(mutation);
  }
}

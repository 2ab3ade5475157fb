package io.github.osbsdk.broker.testkit.mutants;

import java.util.EnumSet;
import java.util.Set;

/**
 * The mutations switched on in one {@link ReferenceBroker}; empty for the correct broker.
 *
 * @param active the active mutations
 * @param variants correct but less common behaviours switched on
 */
record MutationSet(Set<Mutation> active, Set<Variant> variants) {
  MutationSet {
    active = active.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(active));
    variants = Set.copyOf(variants);
  }

  static MutationSet none() {
    return new MutationSet(Set.of(), Set.of());
  }

  static MutationSet of(Mutation mutation) {
    return new MutationSet(mutation == null ? Set.of() : Set.of(mutation), Set.of());
  }

  static MutationSet variant(Variant variant) {
    return new MutationSet(Set.of(), Set.of(variant));
  }

  boolean has(Variant variant) {
    return variants.contains(variant);
  }

  boolean has(Mutation mutation) {
    return active.contains(mutation);
  }
}

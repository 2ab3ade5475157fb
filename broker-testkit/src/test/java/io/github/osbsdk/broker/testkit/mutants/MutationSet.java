package io.github.osbsdk.broker.testkit.mutants;

import java.util.EnumSet;
import java.util.Set;

/**
 * The mutations and probes switched on in one {@link ReferenceBroker}; empty for the correct
 * broker.
 *
 * @param active the active mutations
 * @param probes the active probes
 * @param variants correct but less common behaviours switched on
 */
record MutationSet(Set<Mutation> active, Set<Probe> probes, Set<Variant> variants) {
  MutationSet {
    active = active.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(active));
    probes = probes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(probes));
    variants = Set.copyOf(variants);
  }

  static MutationSet none() {
    return new MutationSet(Set.of(), Set.of(), Set.of());
  }

  static MutationSet of(Mutation mutation) {
    return new MutationSet(mutation == null ? Set.of() : Set.of(mutation), Set.of(), Set.of());
  }

  static MutationSet of(Probe probe) {
    return new MutationSet(Set.of(), Set.of(probe), Set.of());
  }

  static MutationSet variant(Variant variant) {
    return new MutationSet(Set.of(), Set.of(), Set.of(variant));
  }

  boolean has(Variant variant) {
    return variants.contains(variant);
  }

  boolean has(Mutation mutation) {
    return active.contains(mutation);
  }

  boolean has(Probe probe) {
    return probes.contains(probe);
  }

  /** @return whether bindings carry a volume mount (and ref-db requires volume_mount) */
  boolean volumeMounts() {
    return has(Variant.VOLUME_MOUNTS) || has(Mutation.VOLUME_MOUNT_WITHOUT_DRIVER)
        || has(Probe.VOLUME_MOUNT_MODE_X) || has(Probe.VOLUME_MOUNT_DEVICE_TYPE_OTHER)
        || has(Probe.VOLUME_MOUNT_WITHOUT_VOLUME_ID);
  }

  /** @return whether bindings carry endpoints */
  boolean endpoints() {
    return has(Variant.ENDPOINTS) || has(Variant.ENDPOINT_PORTS_WITH_LEADING_ZEROS)
        || has(Variant.EMPTY_ENDPOINTS) || has(Mutation.ENDPOINT_EMPTY_HOST)
        || has(Probe.ENDPOINT_PORTS_AS_NUMBERS) || has(Probe.ENDPOINT_PORT_ZERO)
        || has(Probe.ENDPOINT_PORT_ABOVE_65535) || has(Probe.ENDPOINT_RANGE_DESCENDING)
        || has(Probe.ENDPOINT_PROTOCOL_SCTP) || has(Probe.ENDPOINT_HOST_URL);
  }
}

package io.github.osbsdk.broker.core.store;

import java.time.Instant;

/**
 * How {@link InMemoryBrokerStore} keeps a {@link StoredInstance}: the eight text fields joined in
 * one string (with their ends and which are null), the three instants as numbers. The registry
 * keeps every instance it provisions, and each young collection copies what the provisions since
 * the last one kept, object by object: a packed instance is three objects (this, one string and
 * its array) where the record is eleven (itself, four strings with their arrays and two
 * {@code Instant}s with the sample's provision body). The id, service id and plan id stay the
 * caller's strings (the map's key and the catalog's ids). {@link #unpack} gives back an equal
 * record.
 */
final class PackedInstance {
  private static final int FIELDS = 8;

  private final String id;
  private final String serviceId;
  private final String planId;
  /** fingerprint, parameters, context, organization, space, maintenance, dashboard, metadata. */
  private final String text;
  private final InstanceStatus status;
  private final boolean enabled;
  /** Bit i set: field i is null. */
  private final byte nulls;
  private final int end0;
  private final int end1;
  private final int end2;
  private final int end3;
  private final int end4;
  private final int end5;
  private final int end6;
  private final long enabledChangedSeconds;
  private final long createdSeconds;
  private final long updatedSeconds;
  private final int enabledChangedNanos;
  private final int createdNanos;
  private final int updatedNanos;

  PackedInstance(StoredInstance i) {
    id = i.id();
    serviceId = i.serviceId();
    planId = i.planId();
    status = i.status();
    enabled = i.enabled();
    String[] fields = {i.fingerprint(), i.parameters(), i.context(), i.organizationGuid(),
        i.spaceGuid(), i.maintenanceInfoVersion(), i.dashboardUrl(), i.metadata()};
    int[] ends = new int[FIELDS];
    int bits = 0;
    int length = 0;
    for (int f = 0; f < FIELDS; f++) {
      if (fields[f] == null) {
        bits |= 1 << f;
        fields[f] = "";
      }
      length += fields[f].length();
      ends[f] = length;
    }
    // String.join sizes the one array it fills; a StringBuilder's would be copied by toString
    text = String.join("", fields);
    nulls = (byte) bits;
    end0 = ends[0];
    end1 = ends[1];
    end2 = ends[2];
    end3 = ends[3];
    end4 = ends[4];
    end5 = ends[5];
    end6 = ends[6];
    enabledChangedSeconds = i.enabledChangedAt().getEpochSecond();
    enabledChangedNanos = i.enabledChangedAt().getNano();
    createdSeconds = i.createdAt().getEpochSecond();
    createdNanos = i.createdAt().getNano();
    updatedSeconds = i.updatedAt().getEpochSecond();
    updatedNanos = i.updatedAt().getNano();
  }

  /** @return the record packed */
  StoredInstance unpack() {
    Instant created = Instant.ofEpochSecond(createdSeconds, createdNanos);
    Instant enabledChanged = enabledChangedSeconds == createdSeconds
        && enabledChangedNanos == createdNanos ? created
        : Instant.ofEpochSecond(enabledChangedSeconds, enabledChangedNanos);
    Instant updated = updatedSeconds == createdSeconds && updatedNanos == createdNanos ? created
        : Instant.ofEpochSecond(updatedSeconds, updatedNanos);
    return new StoredInstance(id, serviceId, planId, field(0), field(1), field(2), field(3),
        field(4), field(5), field(6), field(7), status, enabled, enabledChanged, created,
        updated);
  }

  InstanceStatus status() {
    return status;
  }

  /** @return whether the record has this enabled flag and time of its last change */
  boolean sameEnabled(boolean flag, Instant changedAt) {
    return enabled == flag && enabledChangedSeconds == changedAt.getEpochSecond()
        && enabledChangedNanos == changedAt.getNano();
  }

  boolean enabled() {
    return enabled;
  }

  Instant enabledChangedAt() {
    return Instant.ofEpochSecond(enabledChangedSeconds, enabledChangedNanos);
  }

  private String field(int f) {
    if ((nulls & 1 << f) != 0) {
      return null;
    }
    int start = f == 0 ? 0 : end(f - 1);
    int end = end(f);
    return start == 0 && end == text.length() ? text : text.substring(start, end);
  }

  private int end(int f) {
    return switch (f) {
      case 0 -> end0;
      case 1 -> end1;
      case 2 -> end2;
      case 3 -> end3;
      case 4 -> end4;
      case 5 -> end5;
      case 6 -> end6;
      default -> text.length();
    };
  }
}

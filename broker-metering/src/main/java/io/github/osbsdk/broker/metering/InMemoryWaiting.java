package io.github.osbsdk.broker.metering;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records waiting in an {@link InMemoryUsageOutbox} (pending or leased), oldest append
 * first, with their leases, attempts and leaves: who claims a record when, and how a sender puts
 * it back (released, held back or left to the others, see {@link UsageOutbox#leave}). Guarded by
 * the outbox's lock.
 */
final class InMemoryWaiting {
  private static final class Entry {
    UsageRecord record;
    Instant nextAttempt = Instant.MIN;
    int attempts;
    String owner;
    Instant leaseEnd;
    /** The sender that left the record to others, and until when it does not take it back. */
    String leftBy;
    Instant leftUntil;

    Entry(UsageRecord record) {
      this.record = record;
    }

    /** Never claimed since it was stored or last put back unsent: IBM has not seen it. */
    boolean unsent() {
      return owner == null && attempts == 0;
    }
  }

  private final Map<String, Entry> waiting = new LinkedHashMap<>();

  boolean contains(String key) {
    return waiting.containsKey(key);
  }

  /**
   * Stores a record under {@code key}, pending and due at once, or replaces the record of the
   * entry stored under it (a close's counts added into a record IBM has not seen).
   */
  void store(String key, UsageRecord record) {
    Entry entry = waiting.get(key);
    if (entry == null) {
      waiting.put(key, new Entry(record));
    } else {
      entry.record = record;
    }
  }

  /** The record under {@code key} while IBM has not seen it ({@link Entry#unsent}), or null. */
  UsageRecord unsent(String key) {
    Entry entry = waiting.get(key);
    return entry != null && entry.unsent() ? entry.record : null;
  }

  /** See {@link UsageOutbox#claim}: judged by {@code now}, the in-memory outbox has no clock. */
  List<ClaimedUsage> claim(String owner, int max, Instant now, Duration lease) {
    List<ClaimedUsage> claimed = new ArrayList<>();
    for (Map.Entry<String, Entry> e : waiting.entrySet()) {
      if (claimed.size() == max) {
        break;
      }
      Entry entry = e.getValue();
      boolean free = entry.owner == null || !entry.leaseEnd.isAfter(now);
      boolean leftByIt = owner.equals(entry.leftBy) && entry.leftUntil.isAfter(now);
      if (free && !leftByIt && !entry.nextAttempt.isAfter(now)) {
        if (entry.owner != null) {
          entry.attempts++; // its sender stopped, maybe after sending it: IBM may have the key
        }
        entry.owner = owner;
        entry.leaseEnd = now.plus(lease);
        claimed.add(new ClaimedUsage(e.getKey(), entry.record, entry.attempts));
      }
    }
    return claimed;
  }

  /** Removes the record under {@code key} if it is leased to {@code owner}; else null. */
  UsageRecord take(String owner, String key) {
    Entry entry = waiting.get(key);
    if (entry == null || !owner.equals(entry.owner)) {
      return null;
    }
    waiting.remove(key);
    return entry.record;
  }

  /**
   * Puts the owner's records back due at {@code at}, counting an attempt if one was made; a
   * release or hold-back ends an earlier leave.
   *
   * @return how many records were put back
   */
  int putBack(String owner, Collection<String> keys, Instant at, boolean attempted) {
    int put = 0;
    for (String key : keys) {
      Entry entry = leasedTo(owner, key);
      if (entry != null) {
        entry.nextAttempt = at;
        entry.leftBy = null;
        entry.leftUntil = null;
        entry.attempts += attempted ? 1 : 0;
        put++;
      }
    }
    return put;
  }

  /**
   * Leaves the owner's records to the others (see {@link UsageOutbox#leave}): due for them at
   * {@code othersFrom}, for the owner at {@code ownerFrom}; but a record another owner left
   * whose wait has not ended at {@code othersFrom} is held until {@code ownerFrom} for every
   * owner.
   *
   * @return the records put back, each with the earliest time another owner may claim it
   */
  Map<String, Instant> leave(String owner, Collection<String> keys, Instant othersFrom,
      Instant ownerFrom) {
    Map<String, Instant> due = new LinkedHashMap<>();
    for (String key : keys) {
      Entry entry = leasedTo(owner, key);
      if (entry != null) {
        boolean held = entry.leftBy != null && !owner.equals(entry.leftBy)
            && entry.leftUntil.isAfter(othersFrom);
        entry.nextAttempt = held ? ownerFrom : othersFrom;
        entry.leftBy = held ? null : owner;
        entry.leftUntil = held ? null : ownerFrom;
        due.put(key, entry.nextAttempt);
      }
    }
    return due;
  }

  /** The entry under {@code key}, unleased, if it was leased to {@code owner}; else null. */
  private Entry leasedTo(String owner, String key) {
    Entry entry = waiting.get(key);
    if (entry == null || !owner.equals(entry.owner)) {
      return null;
    }
    entry.owner = null;
    entry.leaseEnd = null;
    return entry;
  }

  int size() {
    return waiting.size();
  }

  /** The records waiting, oldest append first. */
  List<UsageRecord> records() {
    return waiting.values().stream().map(e -> e.record).toList();
  }
}

package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.metering.UsageListener;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Tells several listeners, in order: the SDK's own (health, meters) first, then the user's, so a
 * user's listener that throws cannot hide an event from the SDK's.
 */
public final class ListenerChain implements UsageListener {
  private final List<UsageListener> listeners;

  /**
   * Creates the chain.
   *
   * @param listeners the listeners; nulls are skipped
   * @return the chain
   */
  public static UsageListener of(UsageListener... listeners) {
    return new ListenerChain(java.util.Arrays.stream(listeners).filter(Objects::nonNull)
        .toList());
  }

  private ListenerChain(List<UsageListener> listeners) {
    this.listeners = listeners;
  }

  @Override
  public void delivered(UsageRecord record, boolean duplicate) {
    listeners.forEach(l -> l.delivered(record, duplicate));
  }

  @Override
  public void rejected(RejectedUsage rejection) {
    listeners.forEach(l -> l.rejected(rejection));
  }

  @Override
  public void retrying(UsageRecord record, String reason, Instant nextAttempt) {
    listeners.forEach(l -> l.retrying(record, reason, nextAttempt));
  }
}

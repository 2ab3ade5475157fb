package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.core.async.OperationKind;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisions and deprovisions the provider tracks itself, remembered until their last operation
 * reports the outcome, so the instance-state store learns about them. Bounded in size.
 */
public final class ProviderOperations {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderOperations.class);
  private static final int MAX_ENTRIES = 100_000;
  private final Map<String, OperationKind> pending = new ConcurrentHashMap<>();

  /**
   * @param instanceId the instance
   * @param kind {@code PROVISION} or {@code DEPROVISION}
   */
  void put(String instanceId, OperationKind kind) {
    if (pending.size() >= MAX_ENTRIES) {
      LOG.warn("Too many pending provider-tracked operations; not remembering {}", kind);
      return;
    }
    pending.put(instanceId, kind);
  }

  /**
   * @param instanceId the instance
   * @return the pending operation kind, removed, or null
   */
  OperationKind remove(String instanceId) {
    return pending.remove(instanceId);
  }
}

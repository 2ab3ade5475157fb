package io.github.osbsdk.broker.core.health;

import io.github.osbsdk.broker.core.store.BrokerStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Checks one component. Runs on the thread asking for health; keep it quick (a store query, a
 * look at a cache). A check that throws counts as {@link HealthStatus#DOWN}.
 */
@FunctionalInterface
public interface HealthCheck {

  /**
   * Checks the component.
   *
   * @return its health
   */
  ComponentHealth check();

  /**
   * The state store's check: {@link BrokerStore#check()} answers, so the registry can be read,
   * and {@link BrokerStore#readOnly()} is false, so it can be written.
   *
   * @param store the broker's store (the one given to {@code Broker.Builder.store}; for the
   *     broker's own, default or not, {@code Broker.storeHealthCheck()} gives this check)
   * @return the check; {@code DOWN} with the error type when the store does not answer, and
   *     with {@code error} {@code read-only} when it answers but refuses writes
   */
  static HealthCheck store(BrokerStore store) {
    Objects.requireNonNull(store, "store == null");
    return () -> {
      long start = System.nanoTime();
      store.check();
      boolean readOnly = store.readOnly();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("type", store.getClass().getSimpleName());
      details.put("latencyMillis", (System.nanoTime() - start) / 1_000_000);
      if (readOnly) {
        details.put("error", "read-only");
        details.put("reason", "the store answers but refuses every write (a database set"
            + " read-only, or a standby)");
        return ComponentHealth.down(details);
      }
      return ComponentHealth.up(details);
    };
  }
}

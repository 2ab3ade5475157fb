package io.github.osbsdk.broker.core.health;

import io.github.osbsdk.broker.core.store.BrokerStore;
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
   * The state store's check: {@link BrokerStore#check()} answers, so the registry can be read and
   * written.
   *
   * @param store the broker's store, e.g. {@code broker.store()}
   * @return the check; {@code DOWN} with the error type when the store does not answer
   */
  static HealthCheck store(BrokerStore store) {
    Objects.requireNonNull(store, "store == null");
    return () -> {
      long start = System.nanoTime();
      store.check();
      return ComponentHealth.up(Map.of("type", store.getClass().getSimpleName(),
          "latencyMillis", (System.nanoTime() - start) / 1_000_000));
    };
  }
}

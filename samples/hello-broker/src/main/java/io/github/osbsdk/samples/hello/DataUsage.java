package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.api.instance.ServiceInstance;
import java.time.Instant;

/**
 * Told of every successful (2xx) call to the data endpoint, e.g. to count it for usage-based
 * billing ({@link HelloMetering}), and of the end of every instance.
 */
@FunctionalInterface
public interface DataUsage {
  /** Counts nothing. */
  DataUsage NONE = namespace -> { };

  /**
   * A data call on the namespace succeeded.
   *
   * @param namespace the namespace, as the call found it
   */
  void succeeded(Namespace namespace);

  /**
   * An instance is being deprovisioned: no usage of it counts after {@code at} (e.g. its
   * metering ends there). Called before its namespace is deleted, so a failure fails the
   * deprovision, which the platform then repeats. The default does nothing.
   *
   * @param instance the instance as the SDK recorded it (its current plan)
   * @param at the end of the instance's life
   */
  default void ended(ServiceInstance instance, Instant at) {
  }
}

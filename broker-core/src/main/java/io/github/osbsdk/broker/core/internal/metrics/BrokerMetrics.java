package io.github.osbsdk.broker.core.internal.metrics;

import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.api.OperationType;

/**
 * What broker-core measures. Every method does nothing by default ({@link #NONE}); the Micrometer
 * implementation ({@link MicrometerBrokerMetrics}) is loaded only through {@link #of(Object)}, so
 * this type loads without Micrometer on the class path.
 */
public interface BrokerMetrics {
  /** Measures nothing. */
  BrokerMetrics NONE = new BrokerMetrics() { };

  /**
   * The metrics on a Micrometer registry.
   *
   * @param meterRegistry a {@code io.micrometer.core.instrument.MeterRegistry}
   * @return the metrics
   * @throws IllegalArgumentException when Micrometer is missing or it is not a registry
   */
  static BrokerMetrics of(Object meterRegistry) {
    return MicrometerBrokerMetrics.create(MeterRegistries.require(meterRegistry));
  }

  /**
   * Whether anything is measured (false for {@link #NONE}): the request filter is registered only
   * then.
   *
   * @return whether meters are recorded
   */
  default boolean enabled() {
    return false;
  }

  /**
   * A request was answered.
   *
   * @param endpoint the endpoint
   * @param status the HTTP status
   * @param nanos the time from the first filter to the response filters
   */
  default void request(BrokerEndpoint endpoint, int status, long nanos) {
  }

  /**
   * The SDK answered from its registry (repeat, conflict, unknown id, concurrency).
   *
   * @param operation the requested operation
   * @param answer the answer
   */
  default void registryAnswer(OperationType operation, RegistryAnswer answer) {
  }

  /**
   * An operation finished: called once per operation, when the registry has recorded its end
   * (an undo counts as the end of the operation undone), never for an end the store did not
   * record.
   *
   * @param type its type
   * @param async whether it ran asynchronously
   * @param state its final state, as recorded
   * @param nanos from its start to its end
   */
  default void operationFinished(OperationType type, boolean async, OperationStatus state,
      long nanos) {
  }

  /**
   * This replica took over an operation of a replica that stopped.
   *
   * @param type its type
   * @param resumed true when its resumable step runs again here, false when it ends as failed
   */
  default void takeover(OperationType type, boolean resumed) {
  }

  /**
   * A resumable step runs again on this replica after it found something unavailable: counted
   * each time it starts again, not when its operation passed its deadline before.
   *
   * @param type its operation's type
   */
  default void stepRetry(OperationType type) {
  }
}

package io.github.osbsdk.broker.core.internal.metrics;

import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link BrokerMetrics} on a Micrometer registry. Meters are looked up once per tag combination
 * and kept, so recording costs a map lookup and an increment. Tags are low-cardinality: never an
 * instance or binding id.
 */
public final class MicrometerBrokerMetrics implements BrokerMetrics {
  /** Requests by endpoint and status, with latency. */
  public static final String REQUESTS = "osb.requests";
  /** Answers the SDK gave from its registry. */
  public static final String REGISTRY_ANSWERS = "osb.registry.answers";
  /** Finished operations by type, mode and state, with duration. */
  public static final String OPERATIONS = "osb.operations";
  /** Operations taken over from a stopped replica. */
  public static final String TAKEOVERS = "osb.operations.takeovers";
  /** Runs of resumable steps again after they found something unavailable. */
  public static final String STEP_RETRIES = "osb.operations.step.retries";

  private final MeterRegistry registry;
  private final Map<Integer, Timer> requests = new ConcurrentHashMap<>();
  private final Map<Integer, Counter> answers = new ConcurrentHashMap<>();
  private final Map<Integer, Timer> operations = new ConcurrentHashMap<>();
  private final Map<Integer, Counter> takeovers = new ConcurrentHashMap<>();
  private final Map<Integer, Counter> stepRetries = new ConcurrentHashMap<>();

  private MicrometerBrokerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Creates the metrics.
   *
   * @param meterRegistry a {@link MeterRegistry}, checked by {@link MeterRegistries#require}
   * @return the metrics
   */
  static BrokerMetrics create(Object meterRegistry) {
    return new MicrometerBrokerMetrics((MeterRegistry) meterRegistry);
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void request(BrokerEndpoint endpoint, int status, long nanos) {
    requests.computeIfAbsent(endpoint.ordinal() * 1000 + Math.floorMod(status, 1000),
        k -> Timer.builder(REQUESTS)
            .description("Requests to the broker's endpoints, by endpoint and HTTP status")
            .tag("endpoint", endpoint.tag()).tag("status", Integer.toString(status))
            .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void registryAnswer(OperationType operation, RegistryAnswer answer) {
    answers.computeIfAbsent(operation.ordinal() * 100 + answer.ordinal(),
        k -> Counter.builder(REGISTRY_ANSWERS)
            .description("Answers the SDK gave from its registry without calling the provider:"
                + " identical repeats, conflicts, unknown ids, concurrent operations")
            .tag("operation", name(operation)).tag("answer", answer.tag())
            .tag("status", Integer.toString(answer.status()))
            .register(registry))
        .increment();
  }

  @Override
  public void operationFinished(OperationType type, boolean async, OperationStatus state,
      long nanos) {
    operations.computeIfAbsent(type.ordinal() * 100 + (async ? 10 : 0) + state.ordinal(),
        k -> Timer.builder(OPERATIONS)
            .description("Finished operations, by type, mode (sync or async) and final state")
            .tag("type", name(type)).tag("mode", async ? "async" : "sync")
            .tag("state", name(state))
            .register(registry))
        .record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  @Override
  public void takeover(OperationType type, boolean resumed) {
    takeovers.computeIfAbsent(type.ordinal() * 10 + (resumed ? 1 : 0),
        k -> Counter.builder(TAKEOVERS)
            .description("Operations taken over from a replica that stopped: resumed (a"
                + " resumable step runs again) or failed")
            .tag("type", name(type)).tag("action", resumed ? "resumed" : "failed")
            .register(registry))
        .increment();
  }

  @Override
  public void stepRetry(OperationType type) {
    stepRetries.computeIfAbsent(type.ordinal(),
        k -> Counter.builder(STEP_RETRIES)
            .description("Resumable steps run again on the same replica after they found"
                + " something unavailable, by operation type")
            .tag("type", name(type))
            .register(registry))
        .increment();
  }

  private static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}

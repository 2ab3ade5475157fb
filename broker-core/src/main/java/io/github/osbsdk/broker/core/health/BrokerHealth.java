package io.github.osbsdk.broker.core.health;

import io.github.osbsdk.broker.core.internal.HealthRuns;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The broker's health: named component checks, run on each {@link #check()}.
 *
 * <pre>{@code
 * BrokerHealth health = BrokerHealth.builder()
 *     .component("store", broker.storeHealthCheck())
 *     .component("iam", iamAuthenticator.keysHealth())
 *     .component("metering", usageReporter.health())
 *     .build();
 * HealthReport report = health.check(); // report.httpStatus(): 200 or 503; report.toJson()
 * }</pre>
 *
 * <p>A check that throws is {@code DOWN} with {@code details.error} naming the exception type
 * (the message goes to the log at WARN, not to the report, which may be served without
 * authentication). A component failing on every probe logs one WARN a minute per kind of
 * failure (the others at DEBUG, counted in the next WARN); its first answer after failures
 * logs once at INFO. A check answering only after the deadline keeps failing: one WARN and one
 * INFO a minute.
 *
 * <p><b>Bounded time.</b> The checks run side by side, each on a daemon thread of its own, and
 * {@link #check()} answers within one deadline ({@link Builder#timeout}, by default
 * {@value #DEFAULT_TIMEOUT_MILLIS} ms, under the 1 s a Kubernetes probe waits by default): a
 * check that has not answered by then is {@code DOWN} with {@code error} {@code "no answer
 * within N ms"}, e.g. a store waiting out its connection timeout while its database is down. A
 * check that is still running is not started again: the next {@link #check()} waits for the
 * same run, so slow checks never pile up threads. Thread-safe.
 */
public final class BrokerHealth {
  /** The default deadline of {@link #check()}, in milliseconds. */
  public static final long DEFAULT_TIMEOUT_MILLIS = 800;

  private final HealthRuns runs;

  private BrokerHealth(Map<String, HealthCheck> checks, Duration timeout) {
    this.runs = new HealthRuns(new LinkedHashMap<>(checks), timeout);
  }

  /**
   * Starts a health check.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs every check, side by side, and waits for them until the deadline.
   *
   * @return the report: {@code UP} only when every component is up
   */
  public HealthReport check() {
    Map<String, ComponentHealth> components = runs.runAll();
    HealthStatus overall = HealthStatus.UP;
    for (ComponentHealth h : components.values()) {
      if (h.status() != HealthStatus.UP) {
        overall = HealthStatus.DOWN;
      }
    }
    return new HealthReport(overall, components);
  }

  /** Configures a {@link BrokerHealth}. */
  public static final class Builder {
    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
    private Duration timeout = Duration.ofMillis(DEFAULT_TIMEOUT_MILLIS);

    private Builder() {}

    /**
     * Adds a component.
     *
     * @param name its name in the report, e.g. {@code store}
     * @param check its check
     * @return this
     * @throws IllegalArgumentException when the name is blank or taken
     */
    public Builder component(String name, HealthCheck check) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(check, "check == null");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name is blank");
      }
      if (checks.putIfAbsent(name, check) != null) {
        throw new IllegalArgumentException("a component named '" + name + "' exists already");
      }
      return this;
    }

    /**
     * Sets how long {@link BrokerHealth#check()} waits for the checks: keep it below the
     * timeout of whatever asks (a Kubernetes probe's {@code timeoutSeconds}).
     *
     * @param timeout the deadline, at least 1 ms; {@value BrokerHealth#DEFAULT_TIMEOUT_MILLIS} ms
     *     unless set
     * @return this
     * @throws IllegalArgumentException when it is shorter than 1 ms
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.toMillis() < 1) {
        throw new IllegalArgumentException("timeout is shorter than 1 ms: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Builds the health check.
     *
     * @return the health check
     */
    public BrokerHealth build() {
      return new BrokerHealth(checks, timeout);
    }
  }
}

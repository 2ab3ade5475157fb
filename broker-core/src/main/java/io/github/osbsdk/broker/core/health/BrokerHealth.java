package io.github.osbsdk.broker.core.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's health: named component checks, run on each {@link #check()}.
 *
 * <pre>{@code
 * BrokerHealth health = BrokerHealth.builder()
 *     .component("store", HealthCheck.store(broker.store()))
 *     .component("iam", iamAuthenticator.keysHealth())
 *     .component("metering", usageReporter.health())
 *     .build();
 * HealthReport report = health.check(); // report.httpStatus(): 200 or 503; report.toJson()
 * }</pre>
 *
 * <p>A check that throws is {@code DOWN} with {@code details.error} naming the exception type
 * (the message goes to the log at WARN, not to the report, which may be served without
 * authentication). Thread-safe; checks run one after the other on the caller's thread.
 */
public final class BrokerHealth {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerHealth.class);
  private final Map<String, HealthCheck> checks;

  private BrokerHealth(Map<String, HealthCheck> checks) {
    this.checks = new LinkedHashMap<>(checks);
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
   * Runs every check.
   *
   * @return the report: {@code UP} only when every component is up
   */
  public HealthReport check() {
    Map<String, ComponentHealth> components = new LinkedHashMap<>();
    HealthStatus overall = HealthStatus.UP;
    for (Map.Entry<String, HealthCheck> c : checks.entrySet()) {
      ComponentHealth h = run(c.getKey(), c.getValue());
      components.put(c.getKey(), h);
      if (h.status() != HealthStatus.UP) {
        overall = HealthStatus.DOWN;
      }
    }
    return new HealthReport(overall, components);
  }

  private static ComponentHealth run(String name, HealthCheck check) {
    try {
      ComponentHealth h = check.check();
      return h != null ? h : ComponentHealth.down(Map.of("error", "the check returned null"));
    } catch (Exception e) { // also a checked one, which code in Kotlin (or sneaky) may throw
      LOG.warn("Health check '{}' failed: {}", name, e.toString());
      return ComponentHealth.down(Map.of("error", e.getClass().getSimpleName()));
    }
  }

  /** Configures a {@link BrokerHealth}. */
  public static final class Builder {
    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();

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
     * Builds the health check.
     *
     * @return the health check
     */
    public BrokerHealth build() {
      return new BrokerHealth(checks);
    }
  }
}

package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.internal.LogLimiter;
import io.github.osbsdk.broker.core.health.ComponentHealth;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * What {@link HealthRuns} logs of the checks that fail, so that a load balancer probing every
 * second does not get one WARN a probe while a component is down: per component and kind of
 * failure (the exception type), one WARN a minute, the rest at DEBUG and counted in the next
 * WARN. The first failure and a failure of another kind log at once; the first answer after
 * failures logs once at INFO. Thread-safe.
 */
final class HealthCheckLog {
  /** The least time between two WARNs of one component failing alike. */
  static final Duration WARN_EVERY = Duration.ofMinutes(1);

  private final Logger log;
  private final Clock clock;
  private final Map<String, Component> components = new ConcurrentHashMap<>();

  HealthCheckLog(Logger log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /**
   * Logs a check that threw.
   *
   * @param name the component
   * @param e what it threw
   */
  void failed(String name, Exception e) {
    components.computeIfAbsent(name, n -> new Component(clock)).failed(log, name, e);
  }

  /**
   * Notes a check that answered (whatever the status): after failures, one INFO line.
   *
   * @param name the component
   * @param health its answer
   */
  void answered(String name, ComponentHealth health) {
    Component c = components.get(name);
    if (c != null) {
      c.answered(log, name, health);
    }
  }

  /** One component's failures: the kind last logged and its limiter. */
  private static final class Component {
    private final LogLimiter warnings;
    /** The exception type of the failures going on, null while the check answers. */
    private String failing;
    private long failures;

    Component(Clock clock) {
      this.warnings = new LogLimiter(WARN_EVERY, clock);
    }

    synchronized void failed(Logger log, String name, Exception e) {
      String kind = e.getClass().getName();
      if (!kind.equals(failing)) {
        warnings.reset(); // the first failure, or another kind: worth a line at once
        failing = kind;
      }
      failures++;
      LogLimiter.Decision d = warnings.tryLog();
      log.atLevel(d.logs() ? Level.WARN : Level.DEBUG)
          .log("Health check '{}' failed: {}{}", name, e, d.note());
    }

    synchronized void answered(Logger log, String name, ComponentHealth health) {
      if (failing == null) {
        return;
      }
      log.info("Health check '{}' answers again ({}) after {} failure(s)", name,
          health.status(), failures);
      failing = null;
      failures = 0;
      warnings.reset();
    }
  }
}

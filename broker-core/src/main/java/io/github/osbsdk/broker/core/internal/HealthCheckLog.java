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
 * WARN; a check with no answer by the deadline is a kind of its own. The first failure and a
 * failure of another kind log at once; the first answer after failures logs once at INFO.
 * Thread-safe.
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
    components.computeIfAbsent(name, n -> new Component(clock))
        .failed(log, name, e.getClass().getName(), e);
  }

  /**
   * Logs a check that gave no answer by the deadline (it may still be running: the next probes
   * join it), limited as a kind of failure of its own.
   *
   * @param name the component
   * @param error what the health says, e.g. "no answer within 800 ms"
   */
  void timedOut(String name, String error) {
    components.computeIfAbsent(name, n -> new Component(clock))
        .failed(log, name, "timeout", error);
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

    synchronized void failed(Logger log, String name, String kind, Object what) {
      if (!kind.equals(failing)) {
        warnings.reset(); // the first failure, or another kind: worth a line at once
        failing = kind;
      }
      failures++;
      LogLimiter.Decision d = warnings.tryLog();
      log.atLevel(d.logs() ? Level.WARN : Level.DEBUG)
          .log("Health check '{}' failed: {}{}", name, what, d.note());
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

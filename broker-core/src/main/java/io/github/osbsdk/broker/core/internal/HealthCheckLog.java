package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.internal.KeyedLogLimiter;
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
 * WARN; a check with no answer by the deadline is a kind of its own. The first failure of a kind
 * logs at once, also while another kind fails (kinds that alternate each keep their minute). The
 * first answer after failures logs at INFO. An answer in time ends the outage: the next failure
 * of any kind logs at once. A late answer (the check took longer than the deadline) does not: a
 * check answering after every deadline is still failing, so its answers log one INFO a minute
 * and its timeouts one WARN a minute. Thread-safe.
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
   * @param late whether the check took longer than the deadline: its probe had no answer
   */
  void answered(String name, ComponentHealth health, boolean late) {
    Component c = components.get(name);
    if (c != null) {
      c.answered(log, name, health, late);
    }
  }

  /** One component's failures: a limiter per kind, and one for the answers after failures. */
  private static final class Component {
    private final KeyedLogLimiter<String> warnings;
    private final LogLimiter recoveries;
    /** The kind of the failures going on, null while the check answers. */
    private String failing;
    private long failures;

    Component(Clock clock) {
      this.warnings = new KeyedLogLimiter<>(WARN_EVERY, clock);
      this.recoveries = new LogLimiter(WARN_EVERY, clock);
    }

    synchronized void failed(Logger log, String name, String kind, Object what) {
      failing = kind;
      failures++;
      LogLimiter.Decision d = warnings.of(kind).tryLog();
      log.atLevel(d.logs() ? Level.WARN : Level.DEBUG)
          .log("Health check '{}' failed: {}{}", name, what, d.note());
    }

    synchronized void answered(Logger log, String name, ComponentHealth health, boolean late) {
      if (failing != null) {
        if (!late) {
          recoveries.reset(); // an answer in time logs at once
        }
        LogLimiter.Decision d = recoveries.tryLog();
        log.atLevel(d.logs() ? Level.INFO : Level.DEBUG)
            .log("Health check '{}' answers again ({}) after {} failure(s){}", name,
                health.status(), failures, d.note());
        failing = null;
        failures = 0;
      }
      if (!late) { // the outage is over: the next failure of any kind is worth a line at once
        warnings.reset();
        recoveries.reset();
      }
    }
  }
}

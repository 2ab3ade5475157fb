package io.github.osbsdk.broker.testkit.fake;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/** Injected errors and delays per operation (thread-safe). */
final class Faults {
  /** The longest delay that counts in milliseconds: a longer one sleeps until interrupted. */
  private static final Duration LONGEST_IN_MILLIS = Duration.ofMillis(Long.MAX_VALUE);

  private final Map<BrokerOperation, ServiceBrokerException> always =
      new EnumMap<>(BrokerOperation.class);
  private final Map<BrokerOperation, Deque<ServiceBrokerException>> once =
      new EnumMap<>(BrokerOperation.class);
  private final Map<BrokerOperation, Duration> delays = new EnumMap<>(BrokerOperation.class);
  private final Deque<ServiceBrokerException> asyncFailures = new ArrayDeque<>();

  synchronized void failAlways(BrokerOperation op, ServiceBrokerException e) {
    always.put(op, e);
  }

  synchronized void failOnce(BrokerOperation op, ServiceBrokerException e) {
    once.computeIfAbsent(op, k -> new ArrayDeque<>()).addLast(e);
  }

  synchronized void delay(BrokerOperation op, Duration d) {
    if (d.isZero()) {
      delays.remove(op);
    } else {
      delays.put(op, d);
    }
  }

  synchronized void failNextAsync(ServiceBrokerException e) {
    asyncFailures.addLast(e);
  }

  synchronized ServiceBrokerException takeAsyncFailure() {
    return asyncFailures.pollFirst();
  }

  synchronized void clear() {
    always.clear();
    once.clear();
    delays.clear();
    asyncFailures.clear();
  }

  /** Sleeps the injected delay, then throws the injected error, if any. */
  void apply(BrokerOperation op) {
    Duration delay;
    ServiceBrokerException error;
    synchronized (this) {
      delay = delays.get(op);
      Deque<ServiceBrokerException> q = once.get(op);
      error = q == null ? null : q.pollFirst();
      if (error == null) {
        error = always.get(op);
      }
    }
    if (delay != null) {
      try {
        Thread.sleep(delay.compareTo(LONGEST_IN_MILLIS) > 0 ? Long.MAX_VALUE : delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ServiceBrokerException.internalError("Interrupted.").withCause(e);
      }
    }
    if (error != null) {
      throw error;
    }
  }
}

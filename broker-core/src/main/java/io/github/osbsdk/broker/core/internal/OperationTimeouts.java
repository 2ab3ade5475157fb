package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long an asynchronous operation may run: its plan's {@code maximum_polling_duration}, else
 * {@code Broker.Builder.operationTimeout}. The timeout is recorded in the operation's SDK-private
 * payload when it is accepted, so that every replica judges it by the same deadline (its start
 * plus its timeout, on the shared clock), whatever its own settings.
 */
final class OperationTimeouts {
  private static final Logger LOG = LoggerFactory.getLogger(OperationTimeouts.class);
  /** The default of {@code Broker.Builder.operationTimeout}: Cloud Foundry's own default. */
  static final Duration DEFAULT = Duration.ofDays(7);
  /** The payload key of an asynchronous operation's timeout, in milliseconds. */
  private static final String PAYLOAD_KEY = "timeout_ms";

  /** How many operations' recorded timeouts are kept, so a poll need not read the payload. */
  private static final int CACHED = 4_096;

  private final Duration fallback;
  private final OperationPayloads payloads;
  /**
   * Recorded timeouts by operation id (never changed once accepted): a poll of an operation in
   * progress asks for it, and an update's payload can hold a megabyte of parameters.
   */
  private final Map<String, Duration> recorded = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Duration> eldest) {
          return size() > CACHED;
        }
      });

  /**
   * @param fallback the timeout of a plan that declares no polling duration
   * @param payloads reads and writes operation payloads
   */
  OperationTimeouts(Duration fallback, OperationPayloads payloads) {
    this.fallback = fallback;
    this.payloads = payloads;
  }

  /**
   * The timeout of an operation on these plans: the longest of their polling durations, a plan
   * without one counting the fallback (an update changing plans names both).
   *
   * @param plans the operation's plans
   * @return the timeout
   */
  Duration of(Plan... plans) {
    Duration longest = Duration.ZERO;
    for (Plan p : plans) {
      Integer seconds = p.maximumPollingDuration();
      Duration t = seconds == null ? fallback : Duration.ofSeconds(seconds);
      longest = t.compareTo(longest) > 0 ? t : longest;
    }
    return longest;
  }

  /**
   * @param op an operation
   * @return its timeout as recorded when it was accepted (the fallback for one accepted before
   *     timeouts were recorded, or whose payload cannot be read back: failing here would leave
   *     it in progress, its work never started and every poll answered 500)
   */
  Duration of(StoredOperation op) {
    Duration known = recorded.get(op.id());
    if (known != null) {
      return known;
    }
    Object ms;
    try {
      ms = payloads.map(op.payload()).get(PAYLOAD_KEY);
    } catch (RuntimeException e) {
      LOG.warn("Operation {} has an unreadable payload; its deadline is taken as {} after its"
          + " start", op.id(), text(fallback));
      recorded.put(op.id(), fallback);
      return fallback;
    }
    if (!(ms instanceof Number n) || n.longValue() <= 0) {
      return fallback; // accepted before timeouts were recorded, or not yet accepted
    }
    Duration timeout = Duration.ofMillis(n.longValue());
    recorded.put(op.id(), timeout);
    return timeout;
  }

  /**
   * @param payload an operation's SDK-private payload JSON, or null
   * @param timeout its timeout
   * @return the payload with the timeout recorded
   */
  String record(String payload, Duration timeout) {
    Map<String, Object> with = new LinkedHashMap<>(payloads.map(payload));
    with.put(PAYLOAD_KEY, timeout.toMillis());
    return payloads.json(with);
  }

  /**
   * @param op an operation
   * @param now the shared clock's time
   * @return whether its deadline has passed
   */
  boolean overdue(StoredOperation op, Instant now) {
    return !now.isBefore(op.createdAt().plus(of(op)));
  }

  /**
   * @param op an operation past its deadline
   * @return the failure it ends with
   */
  OperationOutcome failure(StoredOperation op) {
    return OperationOutcome.failed("The operation did not finish within " + text(of(op))
        + "; the service broker stopped waiting for it.");
  }

  /** A timeout in words: "7 days", "2 hours", "90 minutes", "1 second". */
  static String text(Duration d) {
    long ms = d.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    String[] names = {"day", "hour", "minute", "second", "millisecond"};
    int i = 0;
    while (ms % sizes[i] != 0) {
      i++;
    }
    long n = ms / sizes[i];
    return n + " " + names[i] + (n == 1 ? "" : "s");
  }
}

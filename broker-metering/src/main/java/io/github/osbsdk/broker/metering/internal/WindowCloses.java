package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.api.internal.LogValues;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A meter's closes of its ended windows in the outbox, and the windows the last one could not
 * turn into records (left open in the outbox, each logged once, not at every tick while it stays
 * open). Called under the ticker's lock.
 */
final class WindowCloses {
  /** The ticker's logger, as before this moved here: log configuration keeps working. */
  private static final Logger LOG = LoggerFactory.getLogger(MeterTicker.class);
  private final UsageOutbox outbox;
  /** The windows the last close could not turn into records. */
  private volatile Set<List<Object>> unclosed = Set.of();

  WindowCloses(UsageOutbox outbox) {
    this.outbox = outbox;
  }

  /**
   * Closes the windows that ended by {@code cutoff}. A window whose record {@code build} cannot
   * make is left open by the outbox while the others close.
   *
   * @return how many records were appended
   */
  int close(Instant cutoff, Function<List<MeterCount>, UsageRecord> build) {
    Set<List<Object>> failed = new HashSet<>();
    int records = outbox.closeWindows(cutoff, counts -> {
      try {
        return build.apply(counts);
      } catch (RuntimeException e) {
        MeterCount c = counts.get(0);
        List<Object> window = Windows.of(c);
        if (failed.add(window) && !unclosed.contains(window)) {
          LOG.warn("usage of {} {} in {}..{} cannot become a record here, left open for a"
              + " meter that can (or until this one is configured to): {}",
              LogValues.quote(c.resourceInstanceId()), LogValues.quote(c.planId()),
              c.windowStart(), c.windowEnd(), LogValues.quoteMessage(e));
        }
        throw e;
      }
    });
    unclosed = Set.copyOf(failed);
    return records;
  }

  /** How many ended windows the last close could not turn into records. */
  int unclosed() {
    return unclosed.size();
  }
}

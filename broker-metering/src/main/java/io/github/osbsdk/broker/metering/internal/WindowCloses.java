package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.api.internal.LogValues;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final WarnedWhileSo<List<Object>> unclosed = new WarnedWhileSo<>();

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
    Map<List<Object>, RuntimeException> failed = new LinkedHashMap<>();
    int records = outbox.closeWindows(cutoff, counts -> {
      try {
        return build.apply(counts);
      } catch (RuntimeException e) {
        failed.putIfAbsent(Windows.of(counts.get(0)), e);
        throw e;
      }
    });
    unclosed.round(failed.keySet(), w -> LOG.warn("usage of {} {} in {}..{} cannot become a"
        + " record here, left open for a meter that can (or until this one is configured to):"
        + " {}", LogValues.quote((String) w.get(0)), LogValues.quote((String) w.get(1)),
        w.get(2), w.get(3), LogValues.quoteMessage(failed.get(w))));
    return records;
  }

  /** How many ended windows the last close could not turn into records. */
  int unclosed() {
    return unclosed.size();
  }
}

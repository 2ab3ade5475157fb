package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.MeterCount;
import java.util.List;

/** The window a count belongs to: what one usage record covers. */
public final class Windows {
  private Windows() {}

  /**
   * Returns the identity of a count's window: its instance, plan, start and end (one record
   * per window; the measures of a window are the record's).
   *
   * @param c the count
   * @return a value that is equal for the counts of one window
   */
  public static List<Object> of(MeterCount c) {
    return List.of(c.resourceInstanceId(), c.planId(), c.windowStart(), c.windowEnd());
  }
}

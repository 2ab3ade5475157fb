package io.github.osbsdk.broker.metering;

import java.util.List;

/**
 * Thrown by {@link UsageOutbox#holdCounts} when some of the counts cannot be held: each one's
 * sum with the count already held for its instance, plan, measure and window (or with an
 * earlier count of the same call) passes the largest double, a sum no record can bill. The call
 * held nothing; {@link #counts()} names the counts that cannot be held, so the caller can hold
 * the others again and keep these (the meter keeps them in its memory and tries again at every
 * tick: once the held count is released, they can be held).
 */
public final class CountsNotHeldException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Not serialized: the message names how many. */
  private final transient List<MeterCount> counts;

  /**
   * Creates the exception.
   *
   * @param counts the counts that cannot be held, at least one
   */
  public CountsNotHeldException(List<MeterCount> counts) {
    super(counts.size() + " usage count(s) cannot be held: the sum with the count held for"
        + " their window passes the largest double; nothing was held");
    this.counts = List.copyOf(counts);
  }

  /**
   * Returns the counts that cannot be held, as they were passed.
   *
   * @return the counts, never empty
   */
  public List<MeterCount> counts() {
    return counts == null ? List.of() : counts;
  }
}

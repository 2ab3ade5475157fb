package io.github.osbsdk.broker.metering;

/**
 * How the counts of one measure in one window combine. New constants may appear in a minor release:
 * a {@code switch} over it needs a default branch.
 */
public enum Aggregation {
  /** Counts add up ({@link UsageMeter#add}), for IBM's {@code standard_add} model. */
  SUM,
  /** The peak sample wins ({@link UsageMeter#sample}), for IBM's {@code standard_max} model. */
  MAX;

  /**
   * Combines a stored value with a new one.
   *
   * @param stored the value so far
   * @param more the new count (a delta for {@link #SUM}, a sample for {@link #MAX})
   * @return the combined value
   */
  public double combine(double stored, double more) {
    return this == SUM ? stored + more : Math.max(stored, more);
  }
}

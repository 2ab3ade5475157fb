package io.github.osbsdk.broker.metering;

import java.util.List;
import java.util.Objects;

/**
 * Thrown by {@link UsageOutbox#mergeOpenCounts} when the merge may have been applied although
 * the call failed: a database committed it but its answer was lost (the connection dropped
 * between the commit and the reply). Sending the same counts again could count them twice, so
 * the meter keeps them aside and asks {@link #applied()} until the outcome is known. Thrown so
 * too by {@link UsageOutbox#holdCounts} (a hold in doubt) and {@link UsageOutbox#markRejected}
 * (a rejection in doubt: nothing refused; the sender tells its listener of the rejection all
 * the same).
 */
public final class MergeInDoubtException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Finds out whether the merge in doubt was applied. */
  @FunctionalInterface
  public interface Outcome {
    /**
     * Tells whether the merge was applied.
     *
     * @return true when applied, false when not
     * @throws RuntimeException when it cannot be known yet (e.g. the database is still down)
     */
    boolean applied();
  }

  private final transient List<MeterCount> refused;
  private final transient Outcome outcome;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the failure
   * @param refused the counts the merge refused (as it would have returned them) if applied
   * @param outcome finds out whether it was applied
   */
  public MergeInDoubtException(String message, Throwable cause, List<MeterCount> refused,
      Outcome outcome) {
    super(message, cause);
    this.refused = List.copyOf(refused);
    this.outcome = Objects.requireNonNull(outcome, "outcome == null");
  }

  /**
   * Returns the counts the merge refused, had it been applied.
   *
   * @return the refused counts
   */
  public List<MeterCount> refused() {
    return refused;
  }

  /**
   * Tells whether the merge was applied.
   *
   * @return true when applied, false when not
   * @throws RuntimeException when it cannot be known yet; ask again later
   */
  public boolean applied() {
    return outcome.applied();
  }
}

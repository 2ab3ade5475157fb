package io.github.osbsdk.broker.metering;

import java.util.List;
import java.util.Objects;

/**
 * Thrown by an outbox call that may have been applied although it failed: a database committed
 * it but its answer was lost (the connection dropped between the commit and the reply). Three
 * calls throw it (the name is the first one's):
 * <ul>
 *   <li>{@link UsageOutbox#mergeOpenCounts}, a merge in doubt: sending the same counts again
 *   could count them twice, so the meter keeps them aside and asks {@link #applied()} until the
 *   outcome is known; {@link #refused()} holds the counts the merge refused if applied;</li>
 *   <li>{@link UsageOutbox#holdCounts}, a hold in doubt: handled as a merge's, nothing refused;
 *   </li>
 *   <li>{@link UsageOutbox#markRejected}, a rejection in doubt: nothing refused; the sender
 *   tells its listener of the rejection all the same and goes on with the claim's other
 *   answers.</li>
 * </ul>
 */
public final class MergeInDoubtException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Finds out whether the call in doubt (merge, hold or rejection) was applied. */
  @FunctionalInterface
  public interface Outcome {
    /**
     * Tells whether the call was applied.
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
   * @param refused the counts the call refused if applied (as a merge would have returned
   *     them); empty for a hold or a rejection
   * @param outcome finds out whether it was applied
   */
  public MergeInDoubtException(String message, Throwable cause, List<MeterCount> refused,
      Outcome outcome) {
    super(message, cause);
    this.refused = List.copyOf(refused);
    this.outcome = Objects.requireNonNull(outcome, "outcome == null");
  }

  /**
   * Returns the counts the call refused, had it been applied: a merge's refused counts; none
   * for a rejection, and none from the outbox for a hold.
   *
   * @return the refused counts
   */
  public List<MeterCount> refused() {
    return refused;
  }

  /**
   * Tells whether the call (merge, hold or rejection) was applied.
   *
   * @return true when applied, false when not
   * @throws RuntimeException when it cannot be known yet; ask again later
   */
  public boolean applied() {
    return outcome.applied();
  }
}

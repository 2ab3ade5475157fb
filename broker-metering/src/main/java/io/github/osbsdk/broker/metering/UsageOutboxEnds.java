package io.github.osbsdk.broker.metering;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The part of {@link UsageOutbox} that ends metering before a window's end: an instance's on
 * every plan (its deprovision, {@link #endInstance}) or on one plan (it moved to another plan,
 * {@link #endPlan}), and the pruning of what the instance-end retention keeps
 * ({@link #pruneIfDue}). An outbox implements {@link UsageOutbox}, which extends this; the
 * contract suite {@code InstanceEndContract} covers it.
 */
public interface UsageOutboxEnds {

  /**
   * Ends an instance's metering at {@code at} (its deprovision) on every plan, atomically: records
   * that the instance ended (an instance ended before keeps its first end), hands the counts of
   * each of its stored open windows, whatever their end, to {@code toRecord} as {@link
   * UsageOutbox#closeWindows} does, stores the records it returns as {@link
   * UsageOutbox#closeWindows} does (a record whose key is taken is added into the record under it
   * or gets a late key; a window it returns null for is dropped) and deletes those counts. From
   * then on {@link UsageOutbox#mergeOpenCounts} refuses the instance's counts, and {@link #endedAt}
   * returns its end. A call that fails (also when {@code toRecord} throws) applies nothing. A
   * shared outbox records the end where every replica sees it. The default throws: an outbox
   * written before instance ends existed.
   *
   * <p>A window whose record cannot be added into the unsent record stored under its key (their
   * sum passes the largest double, which only a row edited by hand comes near) fails the whole
   * call with {@link IllegalStateException}, unlike a close, which leaves such a window open
   * alone: ended without it, its counts would stay open past the end, and a later close would
   * have to bill them, clipped at the end, in a window the instance may meanwhile use again on
   * that plan ({@link #changePlan} back). The failure lasts until a sender claims that record
   * (it is due at once; IBM may then hold its key): the window then goes under a late key, so
   * the caller's repeat (a deprovision the platform repeats) succeeds, nothing lost or doubled.
   *
   * @param instanceId the instance
   * @param at the instance's end
   * @param toRecord builds the record of one window of the instance, ending by {@code at}, or
   *     returns null to drop the window's counts
   * @return how many records were appended
   * @throws IllegalStateException when a window's sum cannot be billed yet (see above), or
   *     counts of the instance are held ({@link #holdCounts}); nothing applied, call again
   * @throws UnsupportedOperationException when the outbox cannot end an instance's metering
   */
  default int endInstance(String instanceId, Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot end an instance's"
        + " metering");
  }

  /**
   * Ends an instance's metering on one plan at {@code at} (it left metering on that plan), as
   * {@link #endInstance} does for all of them, but only for the counts and windows of
   * {@code planId}: from then on {@link UsageOutbox#mergeOpenCounts} refuses the instance's
   * counts of that plan (its counts of other plans are stored), and
   * {@link #endedAt(String, String)} returns the end for that plan. A plan ended before keeps
   * its first end. The default throws: an outbox written before plan ends existed.
   *
   * @param instanceId the instance
   * @param planId the plan it left
   * @param at when it left the plan
   * @param toRecord as for {@link #endInstance}
   * @return how many records were appended
   * @throws UnsupportedOperationException when the outbox cannot end a plan's metering
   */
  default int endPlan(String instanceId, String planId, Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot end the metering"
        + " of one plan of an instance");
  }

  /**
   * Moves an instance's metering from one plan to another at {@code at} (an update with a new
   * plan), atomically: ends its metering on {@code fromPlanId} as {@link #endPlan} does, and
   * lifts an end recorded for {@code toPlanId} (the instance is back on a plan it left earlier),
   * so that from then on {@link UsageOutbox#mergeOpenCounts} stores the instance's counts of
   * {@code toPlanId} again and {@link #endedAt(String, String)} returns no end of that plan but
   * the instance's end on every plan, if any (which stays). A call that fails (also when
   * {@code toRecord} throws) applies nothing. The default throws, as {@link #endPlan}'s: an
   * outbox written before plan changes existed.
   *
   * @param instanceId the instance
   * @param fromPlanId the plan it left
   * @param toPlanId the plan it moved to
   * @param at when it moved
   * @param toRecord as for {@link #endInstance}
   * @return how many records were appended
   * @throws UnsupportedOperationException when the outbox cannot change an instance's plan
   */
  default int changePlan(String instanceId, String fromPlanId, String toPlanId, Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot move the metering"
        + " of an instance to another plan");
  }

  /**
   * Tells when an instance's metering ended on every plan ({@link #endInstance}).
   *
   * @param instanceId the instance
   * @return its end, or empty while its metering goes on (the default: no instance ends)
   */
  default Optional<Instant> endedAt(String instanceId) {
    return Optional.empty();
  }

  /**
   * Tells when an instance's metering on a plan ended: the earlier of its end on every plan
   * ({@link #endInstance}) and its end on that plan ({@link #endPlan}). The default returns
   * {@link #endedAt(String)}.
   *
   * @param instanceId the instance
   * @param planId the plan
   * @return that end, or empty while the instance's metering on the plan goes on
   */
  default Optional<Instant> endedAt(String instanceId, String planId) {
    return endedAt(instanceId);
  }

  /**
   * Keeps counts that {@link UsageOutbox#mergeOpenCounts} refused while the caller cannot tell
   * whether their instance's metering ended ({@link #endedAt(String, String)} failed): stored as
   * durably as open counts, held (neither open nor billed) until {@link #releaseHeldCounts}
   * decides them, so that a crash or restart meanwhile loses none. Held counts of one instance,
   * plan, measure and window are combined as by {@link UsageOutbox#mergeOpenCounts}. While
   * counts of an instance are held, {@link #endInstance} of it, and {@link #endPlan} and
   * {@link #changePlan} from a plan of held counts, throw {@link IllegalStateException} and
   * apply nothing: ended over them, the held counts would be dropped once released. A failed
   * call applies nothing, except one whose outcome is unknown, which throws
   * {@link MergeInDoubtException} (nothing refused). A count whose sum with the held count of its
   * instance, plan, measure and window (or an earlier count of the call) would pass the largest
   * double cannot be held: the call holds nothing and throws {@link CountsNotHeldException}
   * naming every such count, so that the caller holds the others again and keeps these (the
   * meter keeps them in its memory). The default throws: the caller then keeps the counts in its
   * memory.
   *
   * @param counts the refused counts
   * @throws UnsupportedOperationException when the outbox cannot hold counts
   * @throws CountsNotHeldException naming the counts whose sum cannot be held (nothing held)
   */
  default void holdCounts(List<MeterCount> counts) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot hold counts");
  }

  /**
   * Releases every held count ({@link #holdCounts}, held by any replica or an earlier process),
   * atomically, deciding each by the ends recorded now: a count whose instance's metering on
   * its plan ended is dropped and returned; any other is billed in its own window, never a
   * later one: merged into it while it is open (it ends after the closed-through watermark),
   * else its window's counts are handed to {@code toRecord} and the record is stored as
   * {@link UsageOutbox#closeWindows} stores one (added into a record of its key that IBM has not
   * seen, else under a late key). A closed window whose record {@code toRecord} cannot build (it
   * throws, e.g. for an instance id that is no CRN when the caller has no region) stays held and
   * does not hold up the others, as {@link UsageOutbox#closeWindows} leaves such a window open;
   * telling someone is the caller's part. A failed call applies nothing, and a repeat releases
   * what is still held. The default releases nothing: an outbox that holds no counts.
   *
   * @param toRecord builds the record of one instance, plan and closed window from its counts;
   *     it may throw for a window it cannot turn into a record
   * @return the counts dropped because their instance's metering ended (for the caller to log)
   */
  default List<MeterCount> releaseHeldCounts(Function<List<MeterCount>, UsageRecord> toRecord) {
    return List.of();
  }

  /**
   * Returns the held counts ({@link #holdCounts}; for inspection and tests). The default
   * returns none.
   *
   * @return the counts, in no particular order
   */
  default List<MeterCount> heldCounts() {
    return List.of();
  }

  /**
   * Forgets, at most hourly, the delivered keys (see {@link UsageOutbox#markDelivered}) and
   * ends the instance-end retention lets go, as a window close does. The reporter's sender
   * calls it on each pass, so that an application reporting without a meter (whose windows
   * never close) does not keep every delivered key for good. The default does nothing.
   *
   * @param now the sender's clock
   */
  default void pruneIfDue(Instant now) {
  }
}

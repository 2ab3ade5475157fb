package io.github.osbsdk.broker.metering;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where usage waits until IBM Cloud has answered for it: the records to send, the records IBM
 * rejected, and the counts of the meter's open windows. {@link InMemoryUsageOutbox} is the
 * default; a database implementation lets replicas share one outbox and survive a crash.
 *
 * <p>A service-provider interface: the SDK's outboxes implement it ({@link InMemoryUsageOutbox},
 * broker-store-jdbc's {@code PostgresUsageOutbox}) and the SDK's meter and sender call it; an
 * application chooses one and hands it to {@link UsageReporter.Builder}. Another implementation
 * must pass the shared contract suites {@code UsageOutboxContract}, {@code OpenWindowContract},
 * {@code InstanceEndContract}, {@code LateCountContract}, {@code LeftRecordContract},
 * {@code UnknownEndContract} and {@code HeldCountContract}, shipped in
 * broker-metering's test jar ({@code io.github.osbsdk:broker-metering} with
 * {@code <type>test-jar</type>}, test scope, next to JUnit 5 and AssertJ): extend each and return a
 * fresh, empty outbox. Minor releases may add methods to this interface and components to the
 * records it passes: an implementation outside the SDK is updated with each minor release, and the
 * contract suites of that release tell what changed.
 *
 * <h2>Records</h2>
 * Each record is stored under its {@link UsageRecord#key()} (IBM's duplicate key: instance,
 * plan, region, start, end, consumer). A record is in one of three states:
 * <ul>
 *   <li><b>pending</b>: waiting; it carries a next-attempt time (the append time at first) and
 *   an attempt count (0 at first);</li>
 *   <li><b>leased</b>: claimed by one owner (a sender) until its lease ends; after that it is
 *   pending again and any owner may claim it;</li>
 *   <li><b>rejected</b>: IBM refused it for good; kept with IBM's reason, never claimed.</li>
 * </ul>
 * A record delivered (IBM answered 201 or 409) is removed. Pending and leased records count in
 * {@link #depth()}; rejected ones do not.
 *
 * <p>Ownership: {@link #markDelivered}, {@link #markRejected} and {@link #release} change only
 * records that are leased to the calling owner at that moment (an expired lease that nobody else
 * claimed still belongs to its owner); other keys are ignored. So when a lease runs out and
 * another replica claims the record, the first owner's late answer changes nothing; the record
 * may then be sent twice, which IBM answers 409, i.e. "done", so nothing is billed twice.
 *
 * <h2>Open windows</h2>
 * The meter persists its counts through {@link #mergeOpenCounts} at least every second and turns
 * ended windows into records with {@link #closeWindows}, so a durable outbox loses at most the
 * last second of counting on {@code kill -9}. The outbox keeps a <em>closed-through</em>
 * watermark: the latest cutoff passed to {@link #closeWindows}. Counts for windows that end at
 * or before it are refused, so that a closed window never takes more counts (IBM would answer
 * 409 for a second record of it and the counts would be lost); the meter moves refused counts to
 * its current window.
 *
 * <p>The ends of instances' and plans' metering are in {@link UsageOutboxEnds}.
 *
 * <p>Every method is thread-safe and, in a shared implementation, safe across processes. Each
 * method is atomic: it applies entirely or not at all.
 */
public interface UsageOutbox extends UsageOutboxEnds {

  /**
   * Stores records durably, pending and due at once. A record whose key is already present
   * (pending, leased or rejected) is skipped, whatever its quantities: the first record of a key
   * wins, as at IBM. A durable outbox that may hold records under the key earlier versions gave
   * them skips a record present under that key too, also one an earlier version stores at the
   * same moment. A key that was delivered and removed is stored again (a resend is answered 409
   * by IBM).
   *
   * @param records the records; may be empty
   * @return how many records were stored (the others were duplicates)
   */
  int append(List<UsageRecord> records);

  /**
   * Leases up to {@code max} records to {@code owner}: pending records whose next-attempt time
   * is at or before {@code now} and that are not leased, or whose lease ended at or before
   * {@code now}, oldest append first. Each claimed record is leased until {@code now + lease}.
   * Concurrent claims (any process) never return the same record while its lease runs (in SQL:
   * {@code SELECT ... FOR UPDATE SKIP LOCKED}). Claiming a record whose lease ended counts an
   * attempt: its sender stopped, maybe after sending it, so IBM may hold its key and it must take
   * no more counts (a window's late counts then go under a late key).
   *
   * <p>An outbox shared by replicas that has a clock of its own, which they all share (a
   * database server's), also leaves out records whose end is after that clock: IBM refuses a
   * record that ends in the future for good, and a replica whose clock runs ahead would
   * otherwise claim and send it early. Such an outbox judges leases and next attempts by that
   * clock too, so that replicas whose clocks differ agree on them: a record is due when its
   * next attempt and lease end are at or before that clock, a claim leases until that clock
   * plus {@code lease}, and {@code now} only tells the outbox the caller's clock, so that it can
   * take the {@code nextAttempt} of a later {@link #release} by the same owner as on that clock
   * (shifted by how far its own clock was ahead of {@code now}). An outbox without such a clock
   * (in memory, one process) judges all of it by {@code now}; the sender keeps a claimed record
   * whose end is after {@code now} until then.
   *
   * @param owner the claiming sender, e.g. a replica name plus a random suffix
   * @param max the most records to claim, {@code >= 1}
   * @param now the current time
   * @param lease how long the records stay leased, positive
   * @return the claimed records, oldest first; empty when nothing is due
   */
  List<ClaimedUsage> claim(String owner, int max, Instant now, Duration lease);

  /**
   * Removes records IBM answered 201 or 409 for, and remembers their keys, with their
   * instance and end, for the instance-end retention (see {@link #closeWindows}): a delivered
   * key is forgotten once its record ended more than the retention ago and its instance has no
   * open count of a window starting before that end.
   *
   * @param owner the owner that claimed them
   * @param keys the records' keys
   * @return how many records were removed (keys not leased to {@code owner} are ignored)
   */
  int markDelivered(String owner, Collection<String> keys);

  /**
   * Moves a record IBM refused for good (400, 404, 424) to the rejected list, with IBM's reason.
   * The record stays as it was stored, under the key it was stored with: only its state and
   * IBM's answer (status, code, message, time) are set, whatever record the rejection carries.
   *
   * <p>A call that fails applies nothing, except one whose outcome is unknown (a database
   * committed it but its answer was lost, and cannot tell yet whether it did), which throws
   * {@link MergeInDoubtException}: the sender then tells its listener of the rejection all the
   * same (see {@link UsageListener#rejected}).
   *
   * @param owner the owner that claimed it
   * @param rejection the record ({@link RejectedUsage#key()}) and IBM's answer
   * @return true when the record was leased to {@code owner} and is now rejected
   * @throws MergeInDoubtException when the rejection may have been stored although the call
   *     failed
   */
  boolean markRejected(String owner, RejectedUsage rejection);

  /**
   * Returns leased records to pending for a later attempt, adding 1 to their attempt count.
   *
   * @param owner the owner that claimed them
   * @param keys the records' keys
   * @param nextAttempt the earliest time they may be claimed again, on the clock of the
   *     owner's {@code now} (an outbox with a clock of its own stores it on that clock, see
   *     {@link #claim})
   * @return how many records were released (keys not leased to {@code owner} are ignored)
   */
  int release(String owner, Collection<String> keys, Instant nextAttempt);

  /**
   * Returns leased records to pending unsent, due at {@code until}, without adding to their
   * attempt count: the sender held them back because they end after its clock (IBM refuses a
   * record that ends in the future). A record that was never sent stays one IBM has not seen,
   * so a window's late counts are still added into it (see {@link #closeWindows}). The default
   * calls {@link #release}, which counts an attempt: such a record then takes late counts under
   * a late key (billed all the same, as one record more).
   *
   * @param owner the owner that claimed them
   * @param keys the records' keys
   * @param until the earliest time they may be claimed again, on the owner's clock as for
   *     {@link #release}
   * @return how many records were put back (keys not leased to {@code owner} are ignored)
   */
  default int holdBack(String owner, Collection<String> keys, Instant until) {
    return release(owner, keys, until);
  }

  /**
   * Returns leased records to pending unsent, without adding to their attempt count, for another
   * owner: the sender does not meter their plan, and another one sharing the outbox may (a
   * replica of another version during a rolling update). They are due for every other owner at
   * {@code othersFrom} and for {@code owner} only from {@code ownerFrom}, so a sender that
   * cannot send them neither takes them back at once nor keeps them from the others. But a
   * record another owner left before, whose wait (its {@code ownerFrom}) has not ended yet, is
   * held back until {@code ownerFrom} for every owner, as by {@link #holdBack}: each of them had
   * its turn and none meters the plan, so it must not go from one to the other at
   * {@code othersFrom} (an outbox with a clock of its own judges the wait on it; the in-memory
   * one, which has none, at {@code othersFrom}). A {@link #release} or {@link #holdBack} ends a
   * leave, so a later leave is a first one again: the owner that did it tried to send the record,
   * or holds back one whose end is still ahead of its clock (which it does before it looks at
   * the plan, so it may not meter it either: the record then goes round once more, nothing is
   * lost). Unsent, left records still take their window's late counts, as after
   * {@link #holdBack}. The default holds them back until {@code ownerFrom} for every owner.
   *
   * @param owner the owner that claimed them
   * @param keys the records' keys
   * @param othersFrom the earliest time another owner may claim them, on the owner's clock as
   *     for {@link #release}
   * @param ownerFrom the earliest time {@code owner} may claim them again, on that clock
   * @return how many records were put back (keys not leased to {@code owner} are ignored)
   */
  default int leave(String owner, Collection<String> keys, Instant othersFrom,
      Instant ownerFrom) {
    return holdBack(owner, keys, ownerFrom);
  }

  /**
   * Does what {@link #leave} does (implement both) and tells, per record put back, when other
   * owners may claim it: {@code othersFrom}, or {@code ownerFrom} if held for every owner (the
   * sender's listener hears it). The default: {@code ownerFrom} for all if all were put back.
   *
   * @param owner the owner that claimed them
   * @param keys the records' keys
   * @param othersFrom as for {@link #leave}
   * @param ownerFrom as for {@link #leave}
   * @return the records put back, by key, each with that time on the owner's clock
   */
  default Map<String, Instant> leaveToOthers(String owner, Collection<String> keys,
      Instant othersFrom, Instant ownerFrom) {
    int put = leave(owner, keys, othersFrom, ownerFrom); // the default leave holds them all
    return put < keys.size() ? Map.of()
        : keys.stream().collect(Collectors.toMap(k -> k, k -> ownerFrom, (a, b) -> a));
  }

  /**
   * Lists rejected records, oldest rejection first.
   *
   * @param limit the most to return, {@code >= 1}
   * @return the rejected records
   * @throws IllegalArgumentException when {@code limit < 1}
   */
  List<RejectedUsage> rejected(int limit);

  /**
   * Returns how many rejected records the outbox holds (shared by every replica in a shared
   * outbox): usage IBM refused for good, not billed until someone looks into it. The default
   * counts {@link #rejected(int)}'s list; an outbox that can count them more cheaply (e.g. in
   * SQL) overrides it.
   *
   * @return the number of rejected records
   */
  default long rejectedCount() {
    return rejected(Integer.MAX_VALUE).size();
  }

  /**
   * Forgets a rejected record, e.g. after an operator looked into it. To send a corrected
   * record, report it with a new window or consumer id, or discard the old one and append it again.
   *
   * @param key the record's key
   * @return true when a rejected record with that key was removed
   */
  boolean discardRejected(String key);

  /**
   * Returns how many records wait to be delivered (pending plus leased, not rejected).
   *
   * @return the depth
   */
  long depth();

  /**
   * Returns how many stored records were set aside because they can no longer be read as a
   * valid {@link UsageRecord} (e.g. a row edited by hand, or written before a check existed):
   * such a record would fail every claim, and so every delivery. It is never claimed, listed
   * as rejected or counted in {@link #depth()}; it is kept with the reason for an operator.
   * The default returns 0, right for an outbox that stores records only as checked
   * {@link UsageRecord} objects (in memory). A durable outbox also counts here stored
   * open-window counts it cannot read (e.g. a value edited to NaN): their windows are never
   * closed until the counts are fixed or deleted (see {@link #closeWindows}).
   *
   * @return how many records (and unreadable counts) were set aside
   */
  default long invalid() {
    return 0;
  }

  /**
   * Adds the meter's counts to the stored open windows: for {@link Aggregation#SUM} the value is
   * a delta to add, for {@link Aggregation#MAX} a sample to take the maximum with. Counts are
   * stored per instance, plan, measure and window. Counts whose window ends at or before the
   * closed-through watermark are not stored but returned, so the caller can count them in a
   * later window; so are the counts of an instance whose metering ended
   * ({@link #endInstance}), which the caller drops (see {@link #endedAt}).
   *
   * <p>A failed call applies nothing, except that a call whose outcome is unknown (a database
   * committed it but the answer was lost) throws {@link MergeInDoubtException}: the caller
   * then must not merge the same counts again until it knows they were not applied.
   *
   * @param counts the counts; may be empty
   * @return the refused counts (unchanged), empty when all were stored
   * @throws MergeInDoubtException when the merge may have been applied despite the failure
   */
  List<MeterCount> mergeOpenCounts(List<MeterCount> counts);

  /**
   * Closes every stored open window that ends at or before {@code cutoff}, atomically: the
   * counts of one instance, plan and window are handed to {@code toRecord} together (one entry
   * per measure, ordered by measure), the record it returns is appended as by {@link #append}
   * (the windows' records in the order oldest window first, then by instance and plan, so older
   * usage is claimed first), and the counts are deleted. Then the closed-through watermark
   * becomes {@code max(watermark, cutoff)}. {@code toRecord} is called inside the operation
   * (e.g. inside the database transaction); it neither blocks nor calls the outbox.
   *
   * <p>A window that cannot become a record here is left open and does not hold up the others:
   * when {@code toRecord} throws for it (e.g. another replica stored counts of an instance id
   * that is no CRN, with its region, and this caller has none), or a durable outbox cannot read
   * one of its stored counts (edited by hand), its counts stay stored as they are, nothing is
   * appended for it, and every other window closes. The watermark rises all the same, so the
   * window takes no more counts; a later close by a caller that can build its record closes
   * it. Telling someone is the caller's part (its {@code toRecord} saw the failure); a durable
   * outbox logs counts it cannot read and counts them in {@link #invalid()}. So is a window whose
   * record cannot be added into the unsent record under its key (see below: their sum would pass
   * the largest double), logged once by the outbox: it closes once that record was sent.
   *
   * <p>A window of an instance whose metering ended ({@link #endedAt}) never makes a record
   * outside the instance's life: its counts are handed to {@code toRecord} ending at the end
   * ({@link MeterCount#withWindowEnd}) when the window spans it (the instance's end already
   * made that window's record: a late key, see below, unless it was never claimed), and dropped
   * (logged at WARN, counted in {@link #droppedLateCounts()}, nothing appended) when the window
   * starts at or after it. Only a shared outbox can hold
   * such counts: another replica of a version that knows no instance ends merged them (a
   * rolling deploy); {@link #mergeOpenCounts} refuses them.
   *
   * <p>A window's record whose key is already taken by a record IBM may have seen (leased,
   * released for a retry at least once, rejected, or delivered and still remembered, see
   * {@link #markDelivered}; a record only {@linkplain #holdBack held back} was not seen) is
   * stored under a late key instead: the same record with the consumer id {@code late-n}
   * ({@code <consumer id>-late-n} when it has one), {@code n} the lowest from 1 whose key is
   * free. Under the taken key IBM would answer 409 and its counts would never be billed; under
   * the late key they are billed once, as a resend keeps that key. Such a record only comes from
   * counts that reached a window after its record was built (another replica's older version
   * counting after an instance's end, see below) or from a record {@link #append}ed with a
   * window's key. A record under the taken key that was never sent takes the window's
   * quantities instead (added; a {@link Aggregation#MAX} measure keeps the peak): IBM has not
   * seen it. Counts whose record finds no free late key among 100 (or whose late key would be
   * too long) are dropped, logged at WARN and counted in {@link #droppedLateCounts()}.
   *
   * <p>An outbox shared by replicas that has a clock of its own, which they all share (a
   * database server's), closes no later than that clock: {@code min(cutoff, its clock)} takes
   * the place of {@code cutoff} above, watermark included. A replica whose clock runs ahead
   * then does not close windows early, which would move the other replicas' counts of a
   * window's last minutes to a later window (with hourly windows, the last minutes of a month
   * to the next month's bill).
   *
   * @param cutoff the close time; windows ending at or before it are closed
   * @param toRecord builds the record of one instance, plan and window from its counts; it may
   *     throw for a window it cannot turn into a record
   * @return how many records were appended
   */
  int closeWindows(Instant cutoff, Function<List<MeterCount>, UsageRecord> toRecord);

  /**
   * Returns how many counts this outbox object (one process's, in a shared outbox) dropped at
   * window closes as late, never billed: counts of a window starting at or after their
   * instance's end, and counts whose record found no free late key (see
   * {@link #closeWindows}). Each is logged at WARN too. Counted (and logged) once by the close
   * that applied: a close that failed dropped nothing, and the next one drops them. A close of a
   * durable outbox whose commit applied but whose answer was lost (the database or the
   * connection failed at that moment) counts and logs its drops not at all, never twice: the
   * count is then too low, which bills nothing differently (dropped counts are never billed). The
   * default returns 0.
   *
   * @return the number of counts dropped since the outbox object was created
   */
  default long droppedLateCounts() {
    return 0;
  }

  /**
   * Returns how many ended windows the last {@link #closeWindows} of this outbox object (one
   * process's, in a shared outbox) left open because their counts, added into the unsent record
   * stored under their key, would pass the largest double (see {@link #closeWindows}): not
   * billed while they stay so. The reporter's health counts them in {@code unclosedWindows}. The
   * default returns 0.
   *
   * <p>In a shared outbox every close looks at every stored window that ended, those left open
   * included, so each process whose meters close windows (every second) counts all of them,
   * whichever process's counts they hold: the shared figure as of its last close. A process
   * that closes none (a reporter without a meter) counts 0. Across replicas, watch the largest
   * figure, not the sum. The figure is not read from the store: it takes the sums a close
   * computes.
   *
   * @return the number of windows
   */
  default int unsummableWindows() {
    return 0;
  }

  /**
   * Returns the stored open-window counts (for inspection and tests).
   *
   * @return the counts, in no particular order
   */
  List<MeterCount> openCounts();

  /**
   * Tells whether what the outbox holds survives the end of the process. When a meter on a
   * non-durable outbox closes, it turns its open windows into records that end at the close
   * time, so that a graceful shutdown can still send them; on a durable outbox it leaves them
   * open for the next process.
   *
   * @return true for a durable outbox (the default)
   */
  default boolean durable() {
    return true;
  }
}

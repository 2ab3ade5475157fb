package io.github.osbsdk.broker.metering;

import java.time.Instant;

/**
 * Hears what happened to each record the reporter sent. Called on the sender's thread: return
 * quickly. Exceptions are ignored and logged: a WARN at the first, then at most one a minute
 * with the count since. Every method does nothing by default.
 */
public interface UsageListener {

  /**
   * IBM answered 201 (accepted) or 409 (duplicate: accepted earlier) for a record; it has left
   * the outbox.
   *
   * @param record the record
   * @param duplicate true for 409
   */
  default void delivered(UsageRecord record, boolean duplicate) {
  }

  /**
   * IBM refused a record for good (400, 404 or 424); it is kept in the outbox's rejected list
   * and never resent. Told by the sender that moved the record to that list, and also by one
   * whose outbox cannot tell whether it did (a database whose commit's answer was lost,
   * {@link MergeInDoubtException}): if the outbox stored nothing, the record is sent again once
   * its lease ends and its second refusal is told too (told twice rather than never).
   *
   * @param rejection the record and IBM's reason
   */
  default void rejected(RejectedUsage rejection) {
  }

  /**
   * A record goes back to the outbox to be resent (5xx, 429, 401/403, timeout, connection
   * error), or is left to another sender sharing the outbox, as this one does not meter its plan.
   *
   * @param record the record
   * @param reason why, e.g. {@code HTTP 503} or {@code timeout}
   * @param nextAttempt the earliest time of the next attempt; for a record left to another
   *     sender, when it is due for the others (later when the outbox held it for every sender,
   *     see {@link UsageOutbox#leaveToOthers})
   */
  default void retrying(UsageRecord record, String reason, Instant nextAttempt) {
  }
}

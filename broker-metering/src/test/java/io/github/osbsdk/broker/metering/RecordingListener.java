package io.github.osbsdk.broker.metering;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event. */
final class RecordingListener implements UsageListener {
  final List<UsageRecord> accepted = new CopyOnWriteArrayList<>();
  final List<UsageRecord> duplicates = new CopyOnWriteArrayList<>();
  final List<RejectedUsage> rejected = new CopyOnWriteArrayList<>();
  final List<String> retryReasons = new CopyOnWriteArrayList<>();
  /**
   * The records put back after a send whose answer did not say IBM left them (a timeout, a lost
   * connection, an unreadable answer): IBM may have taken them, and their resend may be a 409.
   */
  final List<UsageRecord> answerLost = new CopyOnWriteArrayList<>();

  @Override
  public void delivered(UsageRecord record, boolean duplicate) {
    (duplicate ? duplicates : accepted).add(record);
  }

  @Override
  public void rejected(RejectedUsage rejection) {
    rejected.add(rejection);
  }

  @Override
  public void retrying(UsageRecord record, String reason, Instant nextAttempt) {
    retryReasons.add(reason);
    if (!reason.startsWith("HTTP ") && !reason.startsWith("record status ")) {
      answerLost.add(record);
    }
  }
}

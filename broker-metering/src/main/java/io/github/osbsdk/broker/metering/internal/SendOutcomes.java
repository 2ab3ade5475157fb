package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.metering.UsageListener;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Remembers the sender's last outcome for the metering health check: delivered, rejected or
 * retrying, when, and the retry reason.
 */
public final class SendOutcomes implements UsageListener {
  private final Clock clock;
  private volatile Outcome last;

  private record Outcome(String kind, Instant at, String reason) {
  }

  /**
   * Creates the tracker.
   *
   * @param clock the reporter's clock
   */
  public SendOutcomes(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void delivered(UsageRecord record, boolean duplicate) {
    last = new Outcome("delivered", clock.instant(), null);
  }

  @Override
  public void rejected(RejectedUsage rejection) {
    last = new Outcome("rejected", clock.instant(), "HTTP " + rejection.status());
  }

  @Override
  public void retrying(UsageRecord record, String reason, Instant nextAttempt) {
    last = new Outcome("retrying", clock.instant(), reason);
  }

  /**
   * Adds {@code lastSend} ({@code delivered}, {@code rejected}, {@code retrying} or
   * {@code none}), {@code lastSendAt} and {@code lastSendReason}.
   *
   * @param details where to add them
   */
  public void describe(Map<String, Object> details) {
    Outcome o = last;
    if (o == null) {
      details.put("lastSend", "none");
      return;
    }
    details.put("lastSend", o.kind());
    details.put("lastSendAt", o.at().toString());
    if (o.reason() != null) {
      details.put("lastSendReason", o.reason());
    }
  }
}

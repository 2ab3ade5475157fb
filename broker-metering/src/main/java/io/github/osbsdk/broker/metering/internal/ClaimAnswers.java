package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.UsageOutbox;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the answers to one claim's batches leave to do once every answer was acted on (sender
 * thread only): remove the records IBM took from the outbox in one call, then tell the listener
 * of them, then report the outbox calls that failed on the way (a rejection the outbox could not
 * store, records it could not put back). A failure holds back no other answer of the claim: the
 * records it concerns stay leased to the sender until their lease ends, and are sent again then
 * (IBM answers as before; 409 for one it took).
 */
final class ClaimAnswers {
  private final List<String> delivered = new ArrayList<>();
  private final List<Runnable> events = new ArrayList<>();
  private RuntimeException failure;

  /**
   * Notes a record IBM took (201 or 409).
   *
   * @param key its key, removed from the outbox by {@link #finish}
   * @param event the listener call, made once it is removed
   */
  void delivered(String key, Runnable event) {
    delivered.add(key);
    events.add(event);
  }

  /**
   * Notes an outbox call that failed for some of the claim's records; the first is thrown by
   * {@link #finish}, the later ones suppressed in it.
   *
   * @param e the failure
   */
  void failed(RuntimeException e) {
    if (failure == null) {
      failure = e;
    } else if (failure != e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Removes the delivered records from the outbox and tells the listener of them, then throws
   * the first failure noted, if any, so that the sender reports its outbox as failing.
   *
   * @param outbox the outbox
   * @param owner the sender that claimed the records
   * @param notify calls the listener, never failing
   */
  void finish(UsageOutbox outbox, String owner, Consumer<Runnable> notify) {
    if (!delivered.isEmpty()) {
      try {
        outbox.markDelivered(owner, delivered);
      } catch (RuntimeException e) {
        if (failure != null && failure != e) {
          e.addSuppressed(failure);
        }
        throw e; // not removed: sent again after their lease, answered 409 and told then
      }
    }
    events.forEach(notify);
    if (failure != null) {
      throw failure;
    }
  }
}

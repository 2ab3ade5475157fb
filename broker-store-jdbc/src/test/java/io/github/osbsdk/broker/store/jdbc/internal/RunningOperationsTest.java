package io.github.osbsdk.broker.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RunningOperationsTest {
  private final AtomicLong clock = new AtomicLong();
  private final Instant now = Instant.parse("2026-12-02T10:00:00Z");
  private final RunningOperations copies =
      new RunningOperations(3, Duration.ofSeconds(2), Duration.ofSeconds(7), clock::get);

  private StoredOperation op(String id, boolean async, Instant lease) {
    StoredOperation started = StoredOperation.start(id, "inst", null, OperationType.PROVISION,
        "fp", "me", lease, "req", null, now);
    return async ? started.accepted(null, null, null, null, lease) : started;
  }

  private StoredOperation async(String id) {
    return op(id, true, now.plusSeconds(30));
  }

  private void copy(StoredOperation op) {
    RunningOperations.Ticket t = copies.reserve("inst", null, op.id());
    assertThat(t).isNotNull();
    copies.put(t, op);
  }

  @Test
  void noCopyIsMadeWhileNotListening() {
    assertThat(copies.reserve("inst", null, "op")).isNull();
    assertThat(copies.get("inst", null, "op", () -> now)).isEmpty();
  }

  @Test
  void copyIsUsedWhileItsSessionLasts() {
    copies.startSession();
    copy(async("op"));

    assertThat(copies.get("inst", null, "op", () -> now)).contains(async("op"));

    copies.endSession();
    assertThat(copies.get("inst", null, "op", () -> now)).isEmpty();
  }

  @Test
  void copyOfAnEarlierSessionIsNeverUsed() {
    copies.startSession();
    RunningOperations.Ticket t = copies.reserve("inst", null, "op");
    copies.endSession();
    copies.startSession();
    copies.put(t, async("op"));

    assertThat(copies.get("inst", null, "op", () -> now)).isEmpty();
    assertThat(copies.size()).isZero();
  }

  @Test
  void notificationBetweenReadAndCopyLeavesNoCopy() {
    copies.startSession();
    RunningOperations.Ticket t = copies.reserve("inst", null, "op");
    copies.invalidate("op"); // the finish committed after the read began
    copies.put(t, async("op"));

    assertThat(copies.get("inst", null, "op", () -> now)).isEmpty();
  }

  @Test
  void readThatBeganBeforeAFinishLeavesNoCopyWhenALaterReadOfItReservedMeanwhile() {
    copies.startSession();
    RunningOperations.Ticket first = copies.reserve("inst", null, "op");
    copies.invalidate("op"); // the finish committed after the first read began
    RunningOperations.Ticket second = copies.reserve("inst", null, "op");
    copies.put(first, async("op")); // what the first read found: still in progress
    copies.put(second, succeeded("op")); // what the second read found

    assertThat(copies.get("inst", null, "op", () -> now)).isEmpty();
    assertThat(copies.size()).isZero();
  }

  @Test
  void readThatBeganBeforeAFinishLeavesNoCopyWhenALaterReadOfItFailed() {
    copies.startSession();
    RunningOperations.Ticket first = copies.reserve("inst", null, "op");
    copies.invalidate("op");
    RunningOperations.Ticket second = copies.reserve("inst", null, "op");
    copies.put(first, async("op"));

    assertThat(copies.get("inst", null, "op", () -> now)).isEmpty();
    copies.put(second, null); // the second read failed (a statement timeout)
    assertThat(copies.size()).isZero();
  }

  private StoredOperation succeeded(String id) {
    return new StoredOperation(id, "inst", null, OperationType.PROVISION,
        OperationStatus.SUCCEEDED, null, null, null, "fp", true, null, null, 1, null, null, null,
        null, null, now, now);
  }

  @Test
  void onlyAsynchronousOperationsInProgressAreCopied() {
    copies.startSession();
    copy(op("sync", false, now.plusSeconds(30)));
    copy(succeeded("done"));

    assertThat(copies.get("inst", null, "sync", () -> now)).isEmpty();
    assertThat(copies.get("inst", null, "done", () -> now)).isEmpty();
    assertThat(copies.size()).isZero();
  }

  @Test
  void copyAskedForWithOtherIdsIsNotUsed() {
    copies.startSession();
    copy(async("op"));

    assertThat(copies.get("other", null, "op", () -> now)).isEmpty();
    assertThat(copies.get("inst", "binding", "op", () -> now)).isEmpty();
  }

  @Test
  void copyIsUsedForItsTimeToLiveAndWhileItsLeaseLasts() {
    copies.startSession();
    copy(async("op"));

    clock.addAndGet(Duration.ofMillis(1999).toNanos());
    assertThat(copies.get("inst", null, "op", () -> now)).isPresent();
    assertThat(copies.get("inst", null, "op", () -> now.plusSeconds(30))).isEmpty(); // lease over
    copy(async("op"));
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(copies.get("inst", null, "op", () -> now)).isEmpty();
  }

  @Test
  void copiesAreUsedOnlyWhileTheListenerHeardItsProbeRecently() {
    RunningOperations longLived =
        new RunningOperations(3, Duration.ofSeconds(60), Duration.ofSeconds(7), clock::get);
    longLived.startSession();
    RunningOperations.Ticket t = longLived.reserve("inst", null, "op");
    longLived.put(t, async("op"));

    clock.addAndGet(Duration.ofMillis(6900).toNanos());
    assertThat(longLived.get("inst", null, "op", () -> now)).isPresent();
    longLived.heard();
    clock.addAndGet(Duration.ofMillis(6900).toNanos());
    assertThat(longLived.get("inst", null, "op", () -> now)).isPresent();
    clock.addAndGet(Duration.ofMillis(200).toNanos()); // 7.1 s since the last probe was heard
    assertThat(longLived.get("inst", null, "op", () -> now)).isEmpty();
  }

  @Test
  void fullCacheMakesNoMoreCopies() {
    copies.startSession();
    copy(async("a"));
    copy(async("b"));
    copy(async("c"));

    assertThat(copies.reserve("inst", null, "d")).isNull();
  }

  @Test
  void idleOnceNothingWasAskedForTheIdleTime() {
    copies.startSession();
    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    copies.get("inst", null, "op", () -> now);

    clock.addAndGet(Duration.ofMillis(400).toNanos());
    assertThat(copies.idleFor(Duration.ofMillis(500).toNanos())).isFalse();
    clock.addAndGet(Duration.ofMillis(200).toNanos());
    assertThat(copies.idleFor(Duration.ofMillis(500).toNanos())).isTrue();
  }

  @Test
  void expiredCopiesAreDroppedWhileNotIdle() {
    copies.startSession();
    copy(async("op"));
    copies.get("inst", null, "other", () -> now);
    clock.addAndGet(Duration.ofMillis(2100).toNanos());
    copies.get("inst", null, "other", () -> now);

    assertThat(copies.idleFor(Duration.ofSeconds(30).toNanos())).isFalse();
    assertThat(copies.size()).isZero();
  }

}

package io.github.osbsdk.broker.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FinishedOperationsTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private final AtomicLong clock = new AtomicLong(1_000);

  private static StoredOperation running(String id) {
    return StoredOperation.start(id, "i", null, OperationType.PROVISION, "fp", "me",
        T0.plusSeconds(30), "req", null, T0);
  }

  private static StoredOperation finished(String id, Instant at) {
    StoredOperation r = running(id);
    return new StoredOperation(r.id(), r.instanceId(), null, r.type(), OperationStatus.SUCCEEDED,
        null, null, null, r.fingerprint(), true, null, null, 1, null, null, null, null,
        r.requestId(), r.createdAt(), at);
  }

  private FinishedOperations cache(int max, long ttlNanos) {
    return new FinishedOperations(max, Duration.ofNanos(ttlNanos), clock::get);
  }

  @Test
  void finishedOperationIsKeptUnderItsOwnKeyOnly() {
    FinishedOperations c = cache(10, 100);
    StoredOperation op = finished("op1", T0);
    c.put("i", null, "op1", op);
    assertThat(c.get("i", null, "op1")).contains(op);
    assertThat(c.get("i", "b", "op1")).isEmpty();
    assertThat(c.get("other", null, "op1")).isEmpty();
    assertThat(c.get("i", null, "op2")).isEmpty();
  }

  @Test
  void aReadThatBeganBeforeAPurgeKeepsNoCopyOfWhatItRead() {
    // the read saw the row before the purge deleted it, and answers after the purge dropped
    // the copies: its copy would outlive the row for the time to live
    FinishedOperations c = cache(10, 100);
    long purgesBeforeTheRead = c.purges();
    c.purge(T0.plusSeconds(1));
    c.put("i", null, "op1", finished("op1", T0), purgesBeforeTheRead);
    assertThat(c.get("i", null, "op1")).isEmpty();
    c.put("i", null, "op1", finished("op1", T0), c.purges());
    assertThat(c.get("i", null, "op1")).isPresent();
  }

  @Test
  void operationInProgressIsNeverKept() {
    FinishedOperations c = cache(10, 100);
    c.put("i", null, "op1", running("op1"));
    assertThat(c.get("i", null, "op1")).isEmpty();
    assertThat(c.size()).isZero();
  }

  @Test
  void copyIsNotUsedOnceItsTimeToLiveHasPassed() {
    FinishedOperations c = cache(10, 100);
    c.put("i", null, "op1", finished("op1", T0));
    clock.addAndGet(99);
    assertThat(c.get("i", null, "op1")).isPresent();
    clock.addAndGet(1);
    assertThat(c.get("i", null, "op1")).isEmpty();
    assertThat(c.size()).isZero();
  }

  @Test
  void purgeDropsCopiesFinishedBeforeTheLimit() {
    FinishedOperations c = cache(10, 1_000_000);
    c.put("i", null, "old", finished("old", T0));
    c.put("i", null, "new", finished("new", T0.plusSeconds(60)));
    c.purge(T0.plusSeconds(1));
    assertThat(c.get("i", null, "old")).isEmpty();
    assertThat(c.get("i", null, "new")).isPresent();
  }

  @Test
  void fullCacheDropsExpiredCopiesFirstThenSomeOthersAndStaysBounded() {
    FinishedOperations c = cache(8, 100);
    for (int i = 0; i < 4; i++) {
      c.put("i", null, "early" + i, finished("early" + i, T0));
    }
    clock.addAndGet(100); // the early copies expire
    for (int i = 0; i < 4; i++) {
      c.put("i", null, "late" + i, finished("late" + i, T0));
    }
    c.put("i", null, "one-more", finished("one-more", T0));
    for (int i = 0; i < 4; i++) {
      assertThat(c.get("i", null, "late" + i)).isPresent();
    }
    assertThat(c.get("i", null, "one-more")).isPresent();
    for (int i = 0; i < 100; i++) {
      c.put("i", null, "many" + i, finished("many" + i, T0));
      assertThat(c.size()).isLessThanOrEqualTo(8);
    }
  }

  @Test
  void zeroEntriesKeepsNothing() {
    FinishedOperations c = cache(0, 100);
    c.put("i", null, "op1", finished("op1", T0));
    assertThat(c.get("i", null, "op1")).isEmpty();
    assertThatThrownBy(() -> cache(-1, 100)).isInstanceOf(IllegalArgumentException.class);
  }
}

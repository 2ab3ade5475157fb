package io.github.osbsdk.broker.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.OperationType;
import java.time.Instant;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** A finish names the run it ends: the operation, its owner and its attempt. */
class FinishTest {
  private final Instant now = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void ofNamesTheOperationItsOwnerAndItsAttempt() {
    StoredOperation started = StoredOperation.start("op", "inst", null, OperationType.UPDATE,
        "fp", "replica-a", now, null, null, now);
    StoredOperation takenOver = new StoredOperation("op", "inst", null, OperationType.UPDATE,
        OperationStatus.IN_PROGRESS, null, null, null, "fp", true, "replica-a", now, 3, null,
        null, null, null, null, now, null);
    List<Finish> finishes = List.of(started, takenOver).stream().map(op -> Finish.of(op,
        OperationStatus.FAILED, "no", true, null, true, Finish.RowChange.none(),
        Finish.RowChange.none(), now)).toList();
    assertThat(finishes).extracting(Finish::operationId, Finish::owner, Finish::attempt)
        .containsExactly(Tuple.tuple("op", "replica-a", 1),
            Tuple.tuple("op", "replica-a", 3));
    assertThat(finishes.get(0).description()).isEqualTo("no");
    assertThat(finishes.get(0).instanceUsable()).isTrue();
  }

  @Test
  void anAttemptBelowOneIsRefused() {
    assertThatThrownBy(() -> new Finish("op", "replica-a", 0, OperationStatus.SUCCEEDED, null,
        null, null, false, Finish.RowChange.none(), Finish.RowChange.none(), now))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempt");
  }
}

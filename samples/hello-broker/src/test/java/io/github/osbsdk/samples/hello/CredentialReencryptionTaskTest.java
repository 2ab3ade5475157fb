package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.ReencryptionReport;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CredentialReencryptionTaskTest {
  private static final Duration SHORT = Duration.ofMillis(10);
  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void databaseDownEveryTimeGivesUpAfterTheLastAttemptWithoutPausingAgain() throws Exception {
    AtomicInteger walks = new AtomicInteger();
    Supplier<ReencryptionReport> down = () -> {
      walks.incrementAndGet();
      throw new StoreUnavailableException("connection refused", null);
    };

    // One attempt and an hour's pause: the result must not wait for the pause.
    CredentialReencryptionTask task = CredentialReencryptionTask.start(down, HOUR, 1);

    assertThatThrownBy(() -> task.result().get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(StoreUnavailableException.class);
    assertThat(walks).hasValue(1);
  }

  @Test
  void databaseBackBeforeTheLastAttemptFinishesTheWalk() throws Exception {
    Deque<Supplier<ReencryptionReport>> answers = new ArrayDeque<>();
    answers.add(() -> {
      throw new StoreUnavailableException("connection refused", null);
    });
    answers.add(() -> {
      throw new StoreUnavailableException("connection refused", null);
    });
    answers.add(() -> new ReencryptionReport(1, 2, 0, 0));

    CredentialReencryptionTask task =
        CredentialReencryptionTask.start(() -> answers.remove().get(), SHORT, 3);

    assertThat(task.result().get(30, TimeUnit.SECONDS))
        .isEqualTo(new ReencryptionReport(1, 2, 0, 0));
    assertThat(answers).isEmpty();
  }

  @Test
  void valuesChangedDuringTheWalkGetOneMoreWalk() throws Exception {
    Deque<ReencryptionReport> reports = new ArrayDeque<>();
    reports.add(new ReencryptionReport(0, 5, 2, 0));
    reports.add(new ReencryptionReport(5, 2, 0, 0));

    CredentialReencryptionTask task =
        CredentialReencryptionTask.start(reports::remove, HOUR, 10);

    assertThat(task.result().get(30, TimeUnit.SECONDS))
        .isEqualTo(new ReencryptionReport(5, 2, 0, 0));
    assertThat(reports).isEmpty();
  }

  @Test
  void anotherFailureEndsAtOnceWithThatFailure() {
    AtomicInteger walks = new AtomicInteger();
    CredentialReencryptionTask task = CredentialReencryptionTask.start(() -> {
      walks.incrementAndGet();
      throw new IllegalStateException("bad key");
    }, SHORT, 10);

    assertThatThrownBy(() -> task.result().get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(walks).hasValue(1);
  }

  @Test
  void stopEndsTheWaitForTheNextAttempt() {
    CredentialReencryptionTask task = CredentialReencryptionTask.start(() -> {
      throw new StoreUnavailableException("connection refused", null);
    }, HOUR, 10);

    task.stop();

    // Stopped before its first walk or during its first pause: no report either way.
    assertThatThrownBy(() -> task.result().get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
  }

  @Test
  void noAttemptIsRefused() {
    assertThatThrownBy(() -> CredentialReencryptionTask.start(
        () -> new ReencryptionReport(0, 0, 0, 0), SHORT, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

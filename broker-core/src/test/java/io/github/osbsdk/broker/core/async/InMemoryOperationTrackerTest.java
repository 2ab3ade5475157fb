package io.github.osbsdk.broker.core.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.OperationState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InMemoryOperationTrackerTest {
  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MutableClock clock = new MutableClock();
  private final InMemoryOperationTracker tracker =
      new InMemoryOperationTracker(Duration.ofMinutes(5), clock);

  private TrackedOperation op(String id, OperationKind kind, String instance, String binding) {
    return TrackedOperation.start(id, kind, instance, binding, "fp", "rid", clock.now);
  }

  @Test
  void allowsOneOperationInProgressPerInstance() {
    assertThat(tracker.begin(op("1", OperationKind.PROVISION, "i", null))).isEmpty();
    assertThat(tracker.begin(op("2", OperationKind.BIND, "i", "b"))).get()
        .extracting(TrackedOperation::id).isEqualTo("1");
    assertThat(tracker.begin(op("3", OperationKind.PROVISION, "j", null))).isEmpty();
    assertThat(tracker.inProgress("i")).get().extracting(TrackedOperation::id).isEqualTo("1");
  }

  @Test
  void finishingFreesTheInstanceAndKeepsTheResult() {
    TrackedOperation running = op("1", OperationKind.UPDATE, "i", null);
    tracker.begin(running);
    tracker.finish(running.finish(OperationState.FAILED, "boom", true, false, clock.now));
    assertThat(tracker.inProgress("i")).isEmpty();
    assertThat(tracker.find("1")).get().satisfies(o -> {
      assertThat(o.state()).isEqualTo(OperationState.FAILED);
      assertThat(o.description()).isEqualTo("boom");
    });
    assertThat(tracker.latest("i", null)).get().extracting(TrackedOperation::id).isEqualTo("1");
    assertThat(tracker.latest("i", "b")).isEmpty();
    assertThat(tracker.begin(op("2", OperationKind.DEPROVISION, "i", null))).isEmpty();
  }

  @Test
  void forgetsFinishedOperationsAfterTheRetention() {
    TrackedOperation running = op("1", OperationKind.PROVISION, "i", null);
    tracker.begin(running);
    tracker.finish(running.finish(OperationState.SUCCEEDED, null, null, null, clock.now));
    clock.now = clock.now.plus(Duration.ofMinutes(4));
    assertThat(tracker.find("1")).isPresent();
    clock.now = clock.now.plus(Duration.ofMinutes(2));
    assertThat(tracker.find("1")).isEmpty();
    assertThat(tracker.latest("i", null)).isEmpty();
    tracker.begin(op("2", OperationKind.UPDATE, "k", null)); // sweeps
    assertThat(tracker.find("1")).isEmpty();
  }

  @Test
  void neverForgetsOperationsInProgress() {
    tracker.begin(op("1", OperationKind.PROVISION, "i", null));
    clock.now = clock.now.plus(Duration.ofDays(30));
    assertThat(tracker.find("1")).isPresent();
  }
}

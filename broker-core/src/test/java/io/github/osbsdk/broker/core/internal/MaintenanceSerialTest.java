package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A delayed task ({@link OperationMaintenance#later}) and a maintenance round asked for on
 * another thread (a {@code last_operation} poll's {@code maintainNow}) never run at the same
 * time: a task that checks that an operation is still this attempt's and then writes its end
 * ({@code OperationEnds.againWhileOurs}) must not see the round take the operation over (a new
 * attempt) between the two.
 */
class MaintenanceSerialTest {
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);

  /** The thread that asks for a round, as a poll does; the round's first part runs there. */
  private final AtomicReference<Thread> asker = new AtomicReference<>();
  /** Called by the first part of a round run on {@link #asker}'s thread. */
  private final AtomicReference<Runnable> roundOnAsker = new AtomicReference<>(() -> { });
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final OperationMaintenance maintenance = new OperationMaintenance(
      new InMemoryBrokerStore(), "replica-a", Duration.ofMillis(600), Duration.ofDays(1),
      Instant::now, op -> { }, this::measureClock, Set::of, Set::of, () -> { }, () -> { });

  private void measureClock() {
    if (Thread.currentThread() == asker.get()) {
      roundOnAsker.get().run();
    }
  }

  @AfterEach
  void close() {
    maintenance.close();
  }

  @Test
  void aRoundAskedForWhileADelayedTaskRunsStartsOnlyOnceTheTaskHasEnded() throws Exception {
    CountDownLatch taskStarted = new CountDownLatch(1);
    CountDownLatch taskGoesOn = new CountDownLatch(1);
    AtomicReference<Thread> loop = new AtomicReference<>();
    maintenance.later(() -> {
      loop.set(Thread.currentThread());
      taskStarted.countDown();
      await(taskGoesOn); // between the task's check and its write
      events.add("task ended");
    });
    await(taskStarted);
    AtomicBoolean roundStarted = new AtomicBoolean();
    roundOnAsker.set(() -> {
      roundStarted.set(true);
      events.add("round started");
    });
    Thread poll = ask();

    long deadline = System.nanoTime() + WAIT_NANOS;
    while (!roundStarted.get() && !blockedBy(poll, loop.get())) {
      assertThat(System.nanoTime()).as("the round neither started nor waited").isLessThan(deadline);
      Thread.onSpinWait();
    }
    assertThat(roundStarted).as("the round started while the task ran").isFalse();
    taskGoesOn.countDown();
    poll.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NANOS));
    assertThat(poll.isAlive()).as("the round ended").isFalse();
    assertThat(events).containsExactly("task ended", "round started");
  }

  @Test
  void aDelayedTaskDueWhileARoundAskedForRunsStartsOnlyOnceTheRoundHasEnded() throws Exception {
    CountDownLatch roundStarted = new CountDownLatch(1);
    CountDownLatch roundGoesOn = new CountDownLatch(1);
    AtomicBoolean inRound = new AtomicBoolean();
    roundOnAsker.set(() -> {
      inRound.set(true);
      roundStarted.countDown();
      await(roundGoesOn);
      inRound.set(false);
    });
    AtomicReference<Thread> loop = new AtomicReference<>();
    CountDownLatch loopKnown = new CountDownLatch(1);
    maintenance.later(() -> {
      loop.set(Thread.currentThread());
      loopKnown.countDown();
    });
    await(loopKnown);
    Thread poll = ask();
    await(roundStarted);
    AtomicBoolean ranInRound = new AtomicBoolean();
    CountDownLatch taskRan = new CountDownLatch(1);
    maintenance.later(() -> {
      ranInRound.set(inRound.get());
      taskRan.countDown();
    });

    long deadline = System.nanoTime() + WAIT_NANOS;
    while (taskRan.getCount() > 0 && !blockedBy(loop.get(), poll)) {
      assertThat(System.nanoTime()).as("the task neither ran nor waited").isLessThan(deadline);
      Thread.onSpinWait();
    }
    roundGoesOn.countDown();
    await(taskRan);
    assertThat(ranInRound).as("the task ran while the round did").isFalse();
    poll.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NANOS));
    assertThat(poll.isAlive()).as("the round ended").isFalse();
  }

  @Test
  void aDelayedTaskThatAsksForARoundRunsItOnItsOwnThread() throws Exception {
    CountDownLatch roundRan = new CountDownLatch(1);
    roundOnAsker.set(roundRan::countDown);
    maintenance.later(() -> {
      asker.set(Thread.currentThread());
      maintenance.runOnce();
    });
    await(roundRan);
  }

  @Test
  void closingDoesNotWaitForARoundAskedForOnAnotherThread() throws Exception {
    CountDownLatch roundStarted = new CountDownLatch(1);
    CountDownLatch roundGoesOn = new CountDownLatch(1);
    roundOnAsker.set(() -> {
      roundStarted.countDown();
      await(roundGoesOn);
    });
    Thread poll = ask();
    await(roundStarted);
    try {
      assertTimeoutPreemptively(Duration.ofSeconds(20), maintenance::close);
    } finally {
      roundGoesOn.countDown();
    }
    poll.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NANOS));
    assertThat(poll.isAlive()).as("the round ended").isFalse();
  }

  /** Asks for a round on a thread of its own, as a poll does. */
  private Thread ask() {
    Thread poll = new Thread(maintenance::runOnce, "poll");
    asker.set(poll);
    poll.start();
    return poll;
  }

  /** Whether {@code waiting} is blocked on a lock {@code holder} holds. */
  private static boolean blockedBy(Thread waiting, Thread holder) {
    ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(waiting.getId());
    return info != null && info.getThreadState() == Thread.State.BLOCKED
        && info.getLockOwnerId() == holder.getId();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(WAIT_NANOS, TimeUnit.NANOSECONDS)).as("awaited").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

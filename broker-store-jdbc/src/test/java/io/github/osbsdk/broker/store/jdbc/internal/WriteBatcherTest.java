package io.github.osbsdk.broker.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteBatcherTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** A write: a key and whether the "database" applies it. */
  private record W(String key, boolean applies) {}

  private static final Function<W, String> KEY = W::key;
  /** The writes a {@link Gate} holds in most tests: those whose key starts with "first". */
  private static final Predicate<W> FIRST = w -> w.key().startsWith("first");

  /**
   * Holds some writes inside their single-row work until opened, so that the writes started
   * after them queue behind them: the scaffolding of every test of what queued writes do.
   */
  private final class Gate {
    private final CountDownLatch opened = new CountDownLatch(1);
    private final WriteBatcher<W> batcher;
    private final Predicate<W> alone;
    private CountDownLatch running;

    /**
     * @param held the writes held when they run alone
     * @param work what the single-row work then does (for every write, held or not)
     */
    Gate(WriteBatcher<W> batcher, Predicate<W> held, Predicate<W> work) {
      this.batcher = batcher;
      this.alone = w -> {
        if (held.test(w)) {
          running.countDown();
          await(opened);
        }
        return work.test(w);
      };
    }

    /** Starts the writes, each on its own thread, and waits until all are held. */
    List<Future<Boolean>> hold(W... writes) throws InterruptedException {
      running = new CountDownLatch(writes.length);
      List<Future<Boolean>> started = submit(writes);
      assertThat(running.await(30, TimeUnit.SECONDS)).as("held writes running").isTrue();
      return started;
    }

    /** Starts the writes, each on its own thread, and waits until all are queued. */
    List<Future<Boolean>> queue(W... writes) throws InterruptedException {
      List<Future<Boolean>> started = submit(writes);
      waitUntilQueued(batcher, writes.length);
      return started;
    }

    void open() {
      opened.countDown();
    }

    private List<Future<Boolean>> submit(W... writes) {
      List<Future<Boolean>> started = new ArrayList<>();
      for (W w : writes) {
        started.add(pool.submit(() -> batcher.write(w, alone)));
      }
      return started;
    }
  }

  @Test
  void aWriteWithNothingRunningGoesAloneAtOnce() {
    List<List<W>> batches = new ArrayList<>();
    WriteBatcher<W> b = new WriteBatcher<>(8, KEY, 1, batch -> {
      batches.add(batch);
      return Set.of();
    });
    assertThat(b.write(new W("a", true), W::applies)).isTrue();
    assertThat(b.write(new W("b", false), W::applies)).isFalse();
    assertThat(batches).isEmpty();
  }

  @Test
  void writesArrivingWhileOneRunsGoTogetherInOneBatch() throws Exception {
    List<List<W>> batches = new CopyOnWriteArrayList<>();
    WriteBatcher<W> b = new WriteBatcher<>(8, KEY, 1, batch -> {
      batches.add(batch);
      Set<String> applied = new HashSet<>();
      batch.stream().filter(W::applies).forEach(w -> applied.add(w.key()));
      return applied;
    });
    Gate gate = new Gate(b, FIRST, W::applies);
    Future<Boolean> first = gate.hold(new W("first", true)).get(0);
    List<Future<Boolean>> queued = gate.queue(new W("k0", true), new W("k1", false),
        new W("k2", true), new W("k3", false), new W("k4", true));
    gate.open();
    assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 5; i++) {
      assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).as("k" + i).isEqualTo(i % 2 == 0);
    }
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0)).extracting(W::key)
        .containsExactlyInAnyOrder("k0", "k1", "k2", "k3", "k4");
  }

  @Test
  void aBatchHoldsOneWritePerKeyAndAtMostTheMaximum() throws Exception {
    List<List<String>> batches = new CopyOnWriteArrayList<>();
    WriteBatcher<W> b = new WriteBatcher<>(3, KEY, 1, batch -> {
      batches.add(batch.stream().map(W::key).toList());
      return Set.copyOf(batches.get(batches.size() - 1));
    });
    AtomicInteger alone = new AtomicInteger();
    Gate gate = new Gate(b, FIRST, w -> alone.incrementAndGet() > 0);
    Future<Boolean> first = gate.hold(new W("first", true)).get(0);
    List<Future<Boolean>> queued = gate.queue(new W("x", true), new W("x", true),
        new W("y", true), new W("z", true), new W("w", true));
    gate.open();
    first.get(10, TimeUnit.SECONDS);
    for (Future<Boolean> f : queued) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
    }
    List<String> all = new ArrayList<>();
    for (List<String> batch : batches) {
      assertThat(batch).hasSizeLessThanOrEqualTo(3).doesNotHaveDuplicates();
      all.addAll(batch);
    }
    // each of the five written once, in a batch or (the last one left) alone
    assertThat(all.size() + alone.get() - 1).isEqualTo(5);
  }

  @Test
  void aBatchThatFailsForOneRowIsWrittenAgainRowByRow() throws Exception {
    WriteBatcher<W> b = new WriteBatcher<>(8, KEY, 1, batch -> {
      throw new LostRaceException("claimInstance", null);
    });
    Set<String> writtenAlone = ConcurrentHashMap.newKeySet();
    Gate gate = new Gate(b, FIRST, w -> {
      writtenAlone.add(w.key());
      if (w.key().equals("bad")) {
        throw new IllegalStateException("bad row");
      }
      return true;
    });
    Future<Boolean> first = gate.hold(new W("first", true)).get(0);
    List<Future<Boolean>> queued = gate.queue(new W("good", true), new W("bad", true));
    Future<Boolean> good = queued.get(0);
    Future<Boolean> bad = queued.get(1);
    gate.open();
    assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(good.get(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("bad row");
    assertThat(writtenAlone).containsExactlyInAnyOrder("first", "good", "bad");
  }

  @Test
  void aBatchThatFailsForLackOfTheDatabaseFailsEveryWriteOnce() throws Exception {
    AtomicInteger batches = new AtomicInteger();
    WriteBatcher<W> b = new WriteBatcher<>(2, KEY, 1, batch -> {
      batches.incrementAndGet();
      throw new StoreUnavailableException("down", null);
    });
    AtomicInteger alone = new AtomicInteger();
    Gate gate = new Gate(b, FIRST, w -> alone.incrementAndGet() > 0);
    Future<Boolean> first = gate.hold(new W("first", true)).get(0);
    List<Future<Boolean>> queued = gate.queue(new W("one", true), new W("two", true),
        new W("three", true), new W("four", true));
    gate.open();
    first.get(10, TimeUnit.SECONDS);
    for (Future<Boolean> f : queued) {
      // two in the failed batch, the other two failed with it rather than tried next
      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(StoreUnavailableException.class);
    }
    assertThat(batches).hasValue(1);
    assertThat(alone).as("only the first write ran alone").hasValue(1);
  }

  @Test
  void aWriteThatFindsTheDatabaseUnavailableFailsTheWritesQueuedBehindIt() throws Exception {
    WriteBatcher<W> b = new WriteBatcher<>(2, KEY, 1, batch -> {
      throw new AssertionError("no batch after the database failed");
    });
    AtomicInteger alone = new AtomicInteger();
    Gate gate = new Gate(b, w -> true, w -> {
      alone.incrementAndGet();
      throw new StoreUnavailableException("timed out", null);
    });
    Future<Boolean> first = gate.hold(new W("first", true)).get(0);
    List<Future<Boolean>> queued = gate.queue(new W("k0", true), new W("k1", true),
        new W("k2", true), new W("k3", true), new W("k4", true));
    gate.open();
    assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StoreUnavailableException.class);
    for (Future<Boolean> f : queued) {
      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(StoreUnavailableException.class);
    }
    assertThat(alone).as("no queued write waited for its own timeout").hasValue(1);
    assertThat(b.queued()).isZero();
  }

  @Test
  void manyWritersAllGetTheirOwnAnswer() throws Exception {
    WriteBatcher<W> b = new WriteBatcher<>(4, KEY, 3, batch -> {
      Set<String> applied = new HashSet<>();
      batch.stream().filter(W::applies).forEach(w -> applied.add(w.key()));
      return applied;
    });
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      W w = new W("k" + (i % 37), i % 3 == 0);
      results.add(pool.submit(() -> b.write(w, W::applies)));
    }
    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i).get(30, TimeUnit.SECONDS)).as("write " + i).isEqualTo(i % 3 == 0);
    }
  }

  @Test
  void upToTheMaximumInFlightWritesRunAtOnceAndTheRestQueue() throws Exception {
    List<List<String>> batches = new CopyOnWriteArrayList<>();
    WriteBatcher<W> b = new WriteBatcher<>(8, KEY, 2, batch -> {
      batches.add(batch.stream().map(W::key).toList());
      return Set.copyOf(batches.get(batches.size() - 1));
    });
    Gate gate = new Gate(b, FIRST, W::applies);
    // both held inside their alone-work at once: two in flight
    List<Future<Boolean>> held = gate.hold(new W("first-a", true), new W("first-b", true));
    List<Future<Boolean>> queued = gate.queue(new W("x", true), new W("y", true),
        new W("z", true));
    gate.open();
    for (Future<Boolean> f : held) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
    }
    for (Future<Boolean> f : queued) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(batches).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void aMaximumOfOneWritesEveryWriteAlone() {
    WriteBatcher<W> b = new WriteBatcher<>(1, KEY, 1, batch -> {
      throw new AssertionError("no batches");
    });
    assertThat(b.write(new W("a", true), W::applies)).isTrue();
    assertThatThrownBy(() -> new WriteBatcher<>(0, KEY, 1, batch -> Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void waitUntilQueued(WriteBatcher<?> b, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (b.queued() < n) {
      assertThat(System.nanoTime()).as("writes queued in time").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

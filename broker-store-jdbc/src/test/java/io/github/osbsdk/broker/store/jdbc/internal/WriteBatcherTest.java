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
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    List<List<W>> batches = new CopyOnWriteArrayList<>();
    WriteBatcher<W> b = new WriteBatcher<>(8, KEY, 1, batch -> {
      batches.add(batch);
      Set<String> applied = new HashSet<>();
      batch.stream().filter(W::applies).forEach(w -> applied.add(w.key()));
      return applied;
    });
    Predicate<W> alone = w -> {
      if (w.key().equals("first")) {
        firstRunning.countDown();
        await(releaseFirst);
      }
      return w.applies();
    };
    Future<Boolean> first = pool.submit(() -> b.write(new W("first", true), alone));
    assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<Boolean>> queued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      W w = new W("k" + i, i % 2 == 0);
      queued.add(pool.submit(() -> b.write(w, alone)));
    }
    waitUntilQueued(b, 5);
    releaseFirst.countDown();
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
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    List<List<String>> batches = new CopyOnWriteArrayList<>();
    WriteBatcher<W> b = new WriteBatcher<>(3, KEY, 1, batch -> {
      batches.add(batch.stream().map(W::key).toList());
      return Set.copyOf(batches.get(batches.size() - 1));
    });
    AtomicInteger alone = new AtomicInteger();
    Predicate<W> aloneWork = w -> {
      alone.incrementAndGet();
      if (w.key().equals("first")) {
        firstRunning.countDown();
        await(releaseFirst);
      }
      return true;
    };
    Future<Boolean> first = pool.submit(() -> b.write(new W("first", true), aloneWork));
    assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<Boolean>> queued = new ArrayList<>();
    for (String k : new String[] {"x", "x", "y", "z", "w"}) {
      queued.add(pool.submit(() -> b.write(new W(k, true), aloneWork)));
    }
    waitUntilQueued(b, 5);
    releaseFirst.countDown();
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
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    WriteBatcher<W> b = new WriteBatcher<>(8, KEY, 1, batch -> {
      throw new LostRaceException("claimInstance", null);
    });
    Set<String> writtenAlone = ConcurrentHashMap.newKeySet();
    Predicate<W> alone = w -> {
      if (w.key().equals("first")) {
        firstRunning.countDown();
        await(releaseFirst);
      } else {
        writtenAlone.add(w.key());
      }
      if (w.key().equals("bad")) {
        throw new IllegalStateException("bad row");
      }
      return true;
    };
    Future<Boolean> first = pool.submit(() -> b.write(new W("first", true), alone));
    assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
    Future<Boolean> good = pool.submit(() -> b.write(new W("good", true), alone));
    Future<Boolean> bad = pool.submit(() -> b.write(new W("bad", true), alone));
    waitUntilQueued(b, 2);
    releaseFirst.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(good.get(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("bad row");
    assertThat(writtenAlone).containsExactlyInAnyOrder("good", "bad");
  }

  @Test
  void aBatchThatFailsForLackOfTheDatabaseFailsEveryWriteOnce() throws Exception {
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicInteger batches = new AtomicInteger();
    WriteBatcher<W> b = new WriteBatcher<>(2, KEY, 1, batch -> {
      batches.incrementAndGet();
      throw new StoreUnavailableException("down", null);
    });
    AtomicInteger alone = new AtomicInteger();
    Predicate<W> aloneWork = w -> {
      alone.incrementAndGet();
      if (w.key().equals("first")) {
        firstRunning.countDown();
        await(releaseFirst);
      }
      return true;
    };
    Future<Boolean> first = pool.submit(() -> b.write(new W("first", true), aloneWork));
    assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<Boolean>> queued = new ArrayList<>();
    for (String k : new String[] {"one", "two", "three", "four"}) {
      queued.add(pool.submit(() -> b.write(new W(k, true), aloneWork)));
    }
    waitUntilQueued(b, 4);
    releaseFirst.countDown();
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
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    WriteBatcher<W> b = new WriteBatcher<>(2, KEY, 1, batch -> {
      throw new AssertionError("no batch after the database failed");
    });
    AtomicInteger alone = new AtomicInteger();
    Predicate<W> aloneWork = w -> {
      alone.incrementAndGet();
      firstRunning.countDown();
      await(releaseFirst);
      throw new StoreUnavailableException("timed out", null);
    };
    Future<Boolean> first = pool.submit(() -> b.write(new W("first", true), aloneWork));
    assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<Boolean>> queued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      W w = new W("k" + i, true);
      queued.add(pool.submit(() -> b.write(w, aloneWork)));
    }
    waitUntilQueued(b, 5);
    releaseFirst.countDown();
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
    CountDownLatch twoRunning = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    List<List<String>> batches = new CopyOnWriteArrayList<>();
    WriteBatcher<W> b = new WriteBatcher<>(8, KEY, 2, batch -> {
      batches.add(batch.stream().map(W::key).toList());
      return Set.copyOf(batches.get(batches.size() - 1));
    });
    Predicate<W> alone = w -> {
      if (w.key().startsWith("first")) {
        twoRunning.countDown();
        await(release);
      }
      return true;
    };
    Future<Boolean> a = pool.submit(() -> b.write(new W("first-a", true), alone));
    Future<Boolean> c = pool.submit(() -> b.write(new W("first-b", true), alone));
    assertThat(twoRunning.await(10, TimeUnit.SECONDS)).as("two alone at once").isTrue();
    List<Future<Boolean>> queued = new ArrayList<>();
    for (String k : new String[] {"x", "y", "z"}) {
      queued.add(pool.submit(() -> b.write(new W(k, true), alone)));
    }
    waitUntilQueued(b, 3);
    release.countDown();
    assertThat(a.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(c.get(10, TimeUnit.SECONDS)).isTrue();
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
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

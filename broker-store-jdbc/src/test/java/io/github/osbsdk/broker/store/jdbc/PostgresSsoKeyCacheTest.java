package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.TestClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SSO keys' cache on a real database: one read for a crowd of callers, and an age measured on
 * the monotonic clock, whatever the wall clock does.
 */
class PostgresSsoKeyCacheTest {
  private static final Duration REFRESH = Duration.ofMinutes(1);
  private static final int CALLERS = 16;
  private final Counting db = new Counting(TestDatabase.replicaA());
  private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS);

  @BeforeEach
  void emptyDatabase() {
    TestDatabase.truncate();
  }

  @AfterEach
  void stopCallers() {
    db.release.countDown();
    callers.shutdownNow();
  }

  @Test
  void aCrowdOfCallsWhenTheKeysExpireReadsThemOnceAndTheOthersGoOnWithTheCachedKeys()
      throws Exception {
    AtomicLong nanos = new AtomicLong();
    PostgresSsoKeyStore store = PostgresSsoKeyStore.builder(db.dataSource()).refresh(REFRESH)
        .nanoTime(nanos::get).build();
    byte[] key = store.signingKey();
    nanos.addAndGet(REFRESH.plusSeconds(1).toNanos());
    db.holdNextRead.set(true);
    int before = db.reads.get();

    List<Future<byte[]>> answers = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      answers.add(callers.submit(() -> {
        store.verificationKeys();
        return store.signingKey();
      }));
    }
    assertThat(db.held.await(30, TimeUnit.SECONDS)).as("one caller reading").isTrue();
    // the others answer from the cached keys while that read waits
    long answered = 0;
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (answered < CALLERS - 1 && System.nanoTime() - end < 0) {
      answered = answers.stream().filter(Future::isDone).count();
      Thread.sleep(5);
    }
    assertThat(answered).as("callers answered while one reads").isEqualTo(CALLERS - 1);
    db.release.countDown();
    for (Future<byte[]> a : answers) {
      assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo(key);
    }

    assertThat(db.reads.get() - before).as("reads of the keys for " + CALLERS + " callers")
        .isOne();
  }

  @Test
  void aCrowdOfFirstCallsWaitsForOneReadAndSharesItsKeys() throws Exception {
    PostgresSsoKeyStore store = PostgresSsoKeyStore.builder(db.dataSource()).refresh(REFRESH)
        .build();
    db.holdNextRead.set(true);

    List<Future<byte[]>> answers = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      answers.add(callers.submit(store::signingKey));
    }
    assertThat(db.held.await(30, TimeUnit.SECONDS)).as("one caller reading").isTrue();
    Thread.sleep(200); // the others reach the store meanwhile
    db.release.countDown();
    byte[] first = answers.get(0).get(30, TimeUnit.SECONDS);
    for (Future<byte[]> a : answers) {
      assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo(first);
    }

    assertThat(db.reads.get()).as("reads of the keys for " + CALLERS + " callers").isOne();
  }

  @Test
  void aStepBackOfTheWallClockDoesNotKeepTheKeysPastTheirRefresh() throws Exception {
    TestClock wall = new TestClock(Instant.now());
    PostgresSsoKeyStore store = PostgresSsoKeyStore.builder(db.dataSource())
        .refresh(Duration.ofMillis(200)).clock(wall).build();
    store.signingKey();
    wall.advance(Duration.ofHours(-1));
    Thread.sleep(300);

    store.signingKey();

    assertThat(db.reads.get()).as("reads: the keys expired after 200 ms").isEqualTo(2);
  }

  @Test
  void aStepForwardOfTheWallClockDoesNotExpireTheKeys() {
    TestClock wall = new TestClock(Instant.now());
    PostgresSsoKeyStore store = PostgresSsoKeyStore.builder(db.dataSource()).refresh(REFRESH)
        .clock(wall).build();
    store.signingKey();
    wall.advance(Duration.ofHours(1));

    store.signingKey();
    store.verificationKeys();

    assertThat(db.reads.get()).as("reads: the keys are a moment old").isOne();
  }

  @Test
  void aKeyStartingCenturiesAheadIsReadWithoutAnError() {
    PostgresSsoKeyStore store = PostgresSsoKeyStore.builder(db.dataSource()).refresh(REFRESH)
        .build();
    byte[] key = store.signingKey();
    store.rotate();
    // set by hand: more than the 292 years a long holds in nanoseconds
    TestDatabase.sql("UPDATE osb_sso_key SET active_from = now() + interval '300 years'"
        + " WHERE active_from > now()");

    assertThat(store.signingKey()).isEqualTo(key);
    assertThat(store.verificationKeys()).hasSize(2).first().isEqualTo(key);
  }

  /** Counts the connections lent (one per read of the keys) and can hold the next one. */
  private static final class Counting {
    final AtomicInteger reads = new AtomicInteger();
    final AtomicBoolean holdNextRead = new AtomicBoolean();
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final DataSource real;

    Counting(DataSource real) {
      this.real = real;
    }

    DataSource dataSource() {
      return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {DataSource.class}, (p, m, args) -> {
            if (m.getName().equals("getConnection")) {
              reads.incrementAndGet();
              if (holdNextRead.compareAndSet(true, false)) {
                held.countDown();
                release.await(30, TimeUnit.SECONDS);
              }
            }
            try {
              return m.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }
  }
}

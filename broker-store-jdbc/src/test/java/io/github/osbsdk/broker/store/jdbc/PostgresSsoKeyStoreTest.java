package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.testsupport.TestClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresSsoKeyStoreTest {
  @BeforeEach
  void emptyDatabase() {
    TestDatabase.truncate();
  }

  @Test
  void replicasShareOneRandomKey() {
    PostgresSsoKeyStore a = PostgresSsoKeyStore.create(TestDatabase.replicaA());
    PostgresSsoKeyStore b = PostgresSsoKeyStore.create(TestDatabase.replicaB());
    byte[] key = a.signingKey();
    assertThat(key).hasSize(32);
    assertThat(b.signingKey()).isEqualTo(key);
    assertThat(b.verificationKeys()).singleElement().isEqualTo(key);
    assertThat(PostgresSsoKeyStore.create(TestDatabase.replicaA()).signingKey()).isEqualTo(key);
  }

  @Test
  void aRefreshIntervalOfForeverKeepsTheKeysAndARotatedKeyNeverSignsInOurLifetime() {
    PostgresSsoKeyStore forever = PostgresSsoKeyStore.builder(TestDatabase.replicaA())
        .refresh(ChronoUnit.FOREVER.getDuration()).keptKeys(2).build();
    byte[] first = forever.signingKey();
    assertThat(forever.signingKey()).isEqualTo(first);

    forever.rotate();

    assertThat(forever.signingKey()).isEqualTo(first);
    assertThat(forever.verificationKeys()).hasSize(2).contains(first);
    assertThat(TestDatabase.strings("SELECT (active_from > now() + interval '99 years')::text"
        + " FROM osb_sso_key WHERE version = 2")).containsExactly("true");
  }

  @Test
  void aRotatedKeySignsWhileThePreviousStillVerifies() {
    PostgresSsoKeyStore a = PostgresSsoKeyStore.builder(TestDatabase.replicaA())
        .refresh(Duration.ZERO).keptKeys(2).build();
    PostgresSsoKeyStore b = PostgresSsoKeyStore.builder(TestDatabase.replicaB())
        .refresh(Duration.ZERO).keptKeys(2).build();
    byte[] first = a.signingKey();
    b.rotate();
    byte[] second = a.signingKey();
    assertThat(second).isNotEqualTo(first).hasSize(32);
    assertThat(b.signingKey()).isEqualTo(second);
    assertThat(a.verificationKeys()).containsExactly(second, first);
    b.rotate();
    assertThat(a.verificationKeys()).hasSize(2).doesNotContain(first);
  }

  @Test
  void aRotatedKeyVerifiesEverywhereBeforeItSigns() {
    PostgresSsoKeyStore slow = PostgresSsoKeyStore.builder(TestDatabase.replicaA())
        .refresh(Duration.ofHours(1)).keptKeys(2).build();
    PostgresSsoKeyStore reader = PostgresSsoKeyStore.builder(TestDatabase.replicaB())
        .refresh(Duration.ZERO).keptKeys(2).build();
    byte[] first = slow.signingKey();
    slow.rotate();
    assertThat(reader.signingKey()).isEqualTo(first);
    assertThat(slow.signingKey()).isEqualTo(first);
    List<byte[]> keys = reader.verificationKeys();
    assertThat(keys).hasSize(2);
    assertThat(keys.get(0)).isEqualTo(first);
    assertThat(keys.get(1)).isNotEqualTo(first).hasSize(32);
  }

  @Test
  void rotationsFasterThanTheRefreshKeepTheSigningKeyVerifying() {
    // e.g. two replicas running a scheduled rotation at the same time, then an operator's one
    PostgresSsoKeyStore slow = PostgresSsoKeyStore.builder(TestDatabase.replicaA())
        .refresh(Duration.ofHours(1)).keptKeys(2).build();
    PostgresSsoKeyStore reader = PostgresSsoKeyStore.builder(TestDatabase.replicaB())
        .refresh(Duration.ofHours(1)).keptKeys(2).build();
    byte[] first = slow.signingKey();
    slow.rotate();
    slow.rotate();
    slow.rotate();
    // none of the rotated keys signs for an hour: the first one still signs everywhere, and a
    // replica that has just read the keys must accept what the others sign
    assertThat(slow.signingKey()).isEqualTo(first);
    assertThat(reader.signingKey()).isEqualTo(first);
    assertThat(reader.verificationKeys()).hasSize(4).first().isEqualTo(first);
  }

  @Test
  void aNegativeRefreshIsRefusedNamingTheArgument() {
    assertThatThrownBy(() -> PostgresSsoKeyStore.builder(TestDatabase.replicaA())
        .refresh(Duration.ofSeconds(-1)).keptKeys(2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refresh");
  }

  @Test
  void fewerThanOneKeptKeyOrABadSchemaIsRefusedWhenSet() {
    PostgresSsoKeyStore.Builder builder = PostgresSsoKeyStore.builder(TestDatabase.replicaA());
    assertThatThrownBy(() -> builder.keptKeys(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kept");
    assertThatThrownBy(() -> builder.schema("Not-An-Identifier"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void changingAHandedOutKeyChangesNotTheStoredOne() {
    PostgresSsoKeyStore store = PostgresSsoKeyStore.create(TestDatabase.replicaA());
    byte[] key = store.signingKey();
    byte[] original = key.clone();
    java.util.Arrays.fill(key, (byte) 0);
    store.verificationKeys().get(0)[0] ^= 1;

    assertThat(store.signingKey()).isEqualTo(original);
    assertThat(store.verificationKeys().get(0)).isEqualTo(original);
  }

  @Test
  void aZeroRefreshCachesNothingAndARotatedKeySignsAtOnce() {
    AtomicInteger reads = new AtomicInteger();
    DataSource real = TestDatabase.replicaA();
    DataSource counted = (DataSource) Proxy.newProxyInstance(
        DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            reads.incrementAndGet();
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    PostgresSsoKeyStore store = PostgresSsoKeyStore.builder(counted)
        .refresh(Duration.ZERO).keptKeys(2).build();
    byte[] first = store.signingKey();
    store.signingKey();
    store.verificationKeys();
    assertThat(reads.get()).as("database reads for three calls").isEqualTo(3);
    store.rotate();
    assertThat(store.signingKey()).isNotEqualTo(first);
  }

  @Test
  void callersCannotChangeTheKey() {
    PostgresSsoKeyStore a = PostgresSsoKeyStore.create(TestDatabase.replicaA());
    byte[] key = a.signingKey();
    key[0] ^= 1;
    assertThat(a.signingKey()).isNotEqualTo(key);
  }
  @Test
  void aReplicaWhoseClockRunsAheadDoesNotSignWithAKeyTheOthersHaveNotLoaded() {
    PostgresSsoKeyStore rotating = PostgresSsoKeyStore.builder(TestDatabase.replicaA())
        .refresh(Duration.ofMinutes(1)).keptKeys(2).build();
    // two minutes ahead: by its own clock the rotated key would sign already
    PostgresSsoKeyStore ahead = PostgresSsoKeyStore.builder(TestDatabase.replicaB())
        .refresh(Duration.ZERO).clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2)))
        .build();
    byte[] first = rotating.signingKey();
    rotating.rotate();

    assertThat(ahead.signingKey()).isEqualTo(first);
    assertThat(ahead.verificationKeys()).hasSize(2).first().isEqualTo(first);
  }

  @Test
  void whileTheDatabaseIsDownTheCachedKeysServeWithoutAskingItOnEveryCall() throws Exception {
    AtomicBoolean down = new AtomicBoolean();
    AtomicInteger attempts = new AtomicInteger();
    DataSource real = TestDatabase.replicaA();
    DataSource flaky = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            attempts.incrementAndGet();
            if (down.get()) {
              throw new SQLTransientConnectionException("down for the test", "08001");
            }
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    TestClock clock = new TestClock(Instant.now());
    PostgresSsoKeyStore store = PostgresSsoKeyStore.builder(flaky)
        .refresh(Duration.ofMinutes(1)).keptKeys(2).clock(clock).nanoTime(nanosOf(clock))
        .build();
    byte[] key = store.signingKey();
    down.set(true);
    int oneRead = attemptsOfOneRead(flaky, attempts);
    // the cached keys are due for a refresh, and still sure to verify everywhere (2 minutes)
    clock.advance(Duration.ofSeconds(61));
    int before = attempts.get();

    for (int i = 0; i < 20; i++) {
      assertThat(store.signingKey()).isEqualTo(key);
      assertThat(store.verificationKeys()).first().isEqualTo(key);
    }

    assertThat(attempts.get() - before).as("connection attempts for 40 calls")
        .isEqualTo(oneRead);
  }

  /** How many connection attempts one failing read of the keys makes (retries included). */
  private static int attemptsOfOneRead(DataSource flaky, AtomicInteger attempts) {
    int before = attempts.get();
    try {
      PostgresSsoKeyStore.builder(flaky)
          .refresh(Duration.ofMillis(50)).keptKeys(2).build().signingKey();
    } catch (RuntimeException expected) {
      // the database is down and nothing is cached
    }
    return attempts.get() - before;
  }

  /** The monotonic clock of a replica whose test clock the test moves by hand. */
  static LongSupplier nanosOf(TestClock clock) {
    return () -> clock.millis() * 1_000_000L;
  }
}

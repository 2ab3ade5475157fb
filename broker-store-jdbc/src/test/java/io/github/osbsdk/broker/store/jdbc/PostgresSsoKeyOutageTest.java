package io.github.osbsdk.broker.store.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.iam.SsoKeyStore;
import io.github.osbsdk.broker.iam.internal.SignedValues;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SSO keys across a database outage: replicas keep accepting what the others sign, and a
 * rotation retried after its answer was lost (committed all the same) rotates once.
 */
class PostgresSsoKeyOutageTest {
  private static final Duration REFRESH = Duration.ofMinutes(1);
  private static final byte[] PAYLOAD = "{\"iam_id\":\"IBMid-42\"}".getBytes(UTF_8);

  @BeforeEach
  void emptyDatabase() {
    TestDatabase.truncate();
  }

  @Test
  void aKeyThatBecomesDueDuringAnOutageIsNotSignedWithWhereOthersMayNotKnowIt() {
    Faulty a = new Faulty(TestDatabase.replicaA());
    Faulty b = new Faulty(TestDatabase.replicaB());
    // the replicas' clocks; the database's own clock decides when a rotated key signs
    TestClock clockA = new TestClock(Instant.now());
    TestClock clockB = new TestClock(Instant.now());
    PostgresSsoKeyStore storeA = PostgresSsoKeyStore.builder(a.dataSource())
        .refresh(REFRESH).clock(clockA).nanoTime(nanosOf(clockA)).build();
    PostgresSsoKeyStore storeB = PostgresSsoKeyStore.builder(b.dataSource())
        .refresh(REFRESH).clock(clockB).nanoTime(nanosOf(clockB)).build();
    byte[] first = storeB.signingKey(); // B reads the keys before the rotation
    storeA.rotate();
    assertThat(storeA.signingKey()).as("the rotated key does not sign yet").isEqualTo(first);

    a.down.set(true);
    b.down.set(true);
    // past the rotated key's start and the caches, not past what the others keep (see below)
    clockA.advance(REFRESH.plusSeconds(30));
    clockB.advance(REFRESH.plusSeconds(30));

    byte[] signedOnA = storeA.signingKey();
    assertThat(storeB.verificationKeys()).as("B, which could not read the rotated key,"
        + " verifies what A signs during the outage").anySatisfy(
            k -> assertThat(k).isEqualTo(signedOnA));

    a.down.set(false);
    b.down.set(false);
    // the database's clock has passed the rotated key's start too (the test does not wait)
    TestDatabase.sql("UPDATE osb_sso_key SET active_from = now() - interval '1 second'"
        + " WHERE active_from > now()");
    clockA.advance(REFRESH.multipliedBy(2));
    clockB.advance(REFRESH.multipliedBy(2));
    byte[] signedAfter = storeA.signingKey();
    assertThat(signedAfter).as("once the keys are read again, the rotated key signs")
        .isNotEqualTo(first);
    assertThat(storeB.verificationKeys()).anySatisfy(k -> assertThat(k).isEqualTo(signedAfter))
        .anySatisfy(k -> assertThat(k).isEqualTo(first));
  }

  @Test
  void aReplicaThatReadTheKeysSinceARotatedKeySignsVerifiesWhatOneThatHasNotSigns() {
    // one kept key: the previous one is not kept for its own sake once the rotated one signs
    TestClock clockA = new TestClock(Instant.now());
    PostgresSsoKeyStore storeA = PostgresSsoKeyStore.builder(TestDatabase.replicaA())
        .refresh(REFRESH).keptKeys(1).clock(clockA).nanoTime(nanosOf(clockA)).build();
    PostgresSsoKeyStore storeB = PostgresSsoKeyStore.builder(TestDatabase.replicaB())
        .refresh(REFRESH).keptKeys(1).clock(new TestClock(Instant.now())).build();
    byte[] first = storeA.signingKey();
    storeA.rotate();
    assertThat(storeB.signingKey()).as("B read the keys before the rotated one signs")
        .isEqualTo(first);
    // the rotated key's start comes on the database's clock (the test does not wait); A reads
    // the keys again, B not yet (its refresh interval has not passed)
    TestDatabase.sql("UPDATE osb_sso_key SET active_from = now() - interval '1 second'"
        + " WHERE active_from > now()");
    clockA.advance(REFRESH.multipliedBy(2));
    assertThat(storeA.signingKey()).as("A signs with the rotated key").isNotEqualTo(first);

    assertThat(storeA.verificationKeys()).as("A verifies what B signs until B reads the keys")
        .anySatisfy(k -> assertThat(k).isEqualTo(storeB.signingKey()));
  }

  @Test
  void aReplicaThatMissedARotationVerifiesTheRotatedKeyAsSoonAsItCanReadTheKeys() {
    Faulty b = new Faulty(TestDatabase.replicaB());
    TestClock clockA = new TestClock(Instant.now());
    TestClock clockB = new TestClock(Instant.now());
    PostgresSsoKeyStore storeA = PostgresSsoKeyStore.builder(TestDatabase.replicaA())
        .refresh(REFRESH).clock(clockA).nanoTime(nanosOf(clockA)).build();
    PostgresSsoKeyStore storeB = PostgresSsoKeyStore.builder(b.dataSource())
        .refresh(REFRESH).clock(clockB).nanoTime(nanosOf(clockB)).build();
    storeB.signingKey(); // B reads the keys before the rotation
    storeA.rotate();
    rotatedKeyIsDue();
    b.down.set(true);
    clockB.advance(REFRESH.plusSeconds(1));
    storeB.verificationKeys(); // B's refresh fails: it missed the rotation
    b.down.set(false); // B reaches the database again, before its next refresh is due
    clockA.advance(REFRESH.multipliedBy(2));
    String signedOnA = new SignedValues(storeA).sign("state", PAYLOAD);

    assertThat(new SignedValues(storeB).verify("state", signedOnA))
        .as("B reads the keys again for a value none of its keys verifies").isEqualTo(PAYLOAD);
  }

  @Test
  void valuesNoKeyVerifiesReadTheKeysAtMostOnceASecondWhileReadsFail() {
    Faulty b = new Faulty(TestDatabase.replicaB());
    TestClock clockB = new TestClock(Instant.now());
    PostgresSsoKeyStore storeB = PostgresSsoKeyStore.builder(b.dataSource())
        .refresh(REFRESH).clock(clockB).nanoTime(nanosOf(clockB)).build();
    SignedValues verifier = new SignedValues(storeB);
    storeB.signingKey();
    String forged = new SignedValues(SsoKeyStore.inMemory()).sign("state", PAYLOAD);
    b.down.set(true);
    clockB.advance(REFRESH.minusSeconds(3)); // due for a read on a miss, not yet expired
    int before = b.attempts.get();

    for (int i = 0; i < 50; i++) {
      assertThat(verifier.verify("state", forged)).isNull();
    }
    assertThat(b.attempts.get() - before).as("one read of the keys for the first").isOne();
    clockB.advance(Duration.ofMillis(1_001));
    assertThat(verifier.verify("state", forged)).isNull();
    assertThat(b.attempts.get() - before).as("and one a second later").isEqualTo(2);
  }

  @Test
  void valuesNoKeyVerifiesCostNoReadWhileTheKeysAreReadWell() {
    Faulty b = new Faulty(TestDatabase.replicaB());
    TestClock clockB = new TestClock(Instant.now());
    PostgresSsoKeyStore storeB = PostgresSsoKeyStore.builder(b.dataSource())
        .refresh(REFRESH).clock(clockB).nanoTime(nanosOf(clockB)).build();
    SignedValues verifier = new SignedValues(storeB);
    storeB.signingKey();
    String forged = new SignedValues(SsoKeyStore.inMemory()).sign("state", PAYLOAD);
    int before = b.connections.get();

    for (int i = 0; i < 50; i++) {
      assertThat(verifier.verify("state", forged)).isNull();
      clockB.advance(Duration.ofMillis(1_001)); // each may read, by the rate limit
    }
    assertThat(b.connections.get() - before)
        .as("reads for values no key verifies, the keys read well less than 55 s ago").isZero();
    // within the statement timeout of their refresh, a rotation may have committed as they were
    // read: a value no key verifies reads them again
    clockB.advance(REFRESH.minus(Duration.ofMillis(1_001 * 50)).minusSeconds(3));
    assertThat(verifier.verify("state", forged)).isNull();
    assertThat(b.connections.get() - before).as("a read near the refresh").isOne();
  }

  @Test
  void aReplicaCutOffLongerThanTheOthersKeepItsSigningKeyStopsSigning() {
    Faulty b = new Faulty(TestDatabase.replicaB());
    TestClock clockA = new TestClock(Instant.now());
    TestClock clockB = new TestClock(Instant.now());
    PostgresSsoKeyStore storeA = PostgresSsoKeyStore.builder(TestDatabase.replicaA())
        .refresh(REFRESH).keptKeys(1).clock(clockA).nanoTime(nanosOf(clockA)).build();
    PostgresSsoKeyStore storeB = PostgresSsoKeyStore.builder(b.dataSource())
        .refresh(REFRESH).keptKeys(1).clock(clockB).nanoTime(nanosOf(clockB)).build();
    byte[] first = storeB.signingKey(); // B's last read of the keys
    b.down.set(true);
    storeA.rotate();
    // on the database's clock the rotated key has signed for a refresh interval (the test does
    // not wait): the others drop the key B signs with
    TestDatabase.sql("UPDATE osb_sso_key SET active_from = now() - interval '61 seconds'"
        + " WHERE active_from > now()");
    clockA.advance(REFRESH.multipliedBy(3));
    assertThat(storeA.verificationKeys()).as("A no longer verifies B's key")
        .noneSatisfy(k -> assertThat(k).isEqualTo(first));
    clockB.advance(REFRESH.multipliedBy(2).plusSeconds(1));

    assertThatThrownBy(storeB::signingKey).as("B, cut off for two refresh intervals")
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> new SignedValues(storeB).sign("state", PAYLOAD))
        .isInstanceOf(SignedValues.KeysUnavailableException.class);
    b.down.set(false);
    clockB.advance(Duration.ofSeconds(5)); // its next read is due
    assertThat(storeB.signingKey()).as("once B reads the keys again, it signs")
        .isEqualTo(storeA.signingKey());
  }

  @Test
  void aReplicaCutOffForLessThanThatGoesOnSigning() {
    Faulty b = new Faulty(TestDatabase.replicaB());
    TestClock clockB = new TestClock(Instant.now());
    PostgresSsoKeyStore storeB = PostgresSsoKeyStore.builder(b.dataSource())
        .refresh(REFRESH).keptKeys(1).clock(clockB).nanoTime(nanosOf(clockB)).build();
    byte[] first = storeB.signingKey();
    b.down.set(true);
    clockB.advance(REFRESH.multipliedBy(2).minusSeconds(1));

    assertThat(storeB.signingKey()).isEqualTo(first);
  }

  @Test
  void aValueNoKeyVerifiesOnAReplicaWhoseKeysAreOlderThanARefreshIntervalIsUnavailable() {
    Faulty b = new Faulty(TestDatabase.replicaB());
    TestClock clockA = new TestClock(Instant.now());
    TestClock clockB = new TestClock(Instant.now());
    PostgresSsoKeyStore storeA = PostgresSsoKeyStore.builder(TestDatabase.replicaA())
        .refresh(REFRESH).clock(clockA).nanoTime(nanosOf(clockA)).build();
    PostgresSsoKeyStore storeB = PostgresSsoKeyStore.builder(b.dataSource())
        .refresh(REFRESH).clock(clockB).nanoTime(nanosOf(clockB)).build();
    storeB.signingKey();
    b.down.set(true);
    storeA.rotate();
    rotatedKeyIsDue();
    clockA.advance(REFRESH.multipliedBy(2));
    String signedOnA = new SignedValues(storeA).sign("state", PAYLOAD);
    SignedValues onB = new SignedValues(storeB);
    assertThat(onB.verify("state", signedOnA)).as("within a refresh interval of B's last read"
        + " no key B lacks signs anywhere (here one was made to): not valid").isNull();
    clockB.advance(REFRESH.plusSeconds(1));

    assertThatThrownBy(() -> onB.verify("state", signedOnA))
        .as("B cannot tell it from a forged value: unavailable, not \"not valid\"")
        .isInstanceOf(SignedValues.KeysUnavailableException.class);
  }

  @Test
  void aRotationRetriedAfterItsAnswerWasLostRotatesOnce() {
    Faulty db = new Faulty(TestDatabase.replicaA());
    PostgresSsoKeyStore store = PostgresSsoKeyStore.builder(db.dataSource())
        .refresh(REFRESH).keptKeys(2).build();
    byte[] first = store.signingKey();
    db.loseNextAnswer.set(true);

    assertThatThrownBy(store::rotate).isInstanceOf(StoreUnavailableException.class);
    assertThat(db.loseNextAnswer).as("the rotation's answer was lost").isFalse();
    store.rotate(); // the caller's retry

    assertThat(TestDatabase.strings("SELECT count(*)::text FROM osb_sso_key"))
        .as("the first key and one rotated key").containsExactly("2");
    // a refresh interval later, on the database's clock (the test does not wait)
    TestDatabase.sql("UPDATE osb_sso_key SET active_from = now() - interval '1 second'"
        + " WHERE active_from > now()");
    PostgresSsoKeyStore later = PostgresSsoKeyStore.builder(TestDatabase.replicaB())
        .refresh(Duration.ZERO).keptKeys(2).build();
    assertThat(later.signingKey()).as("the rotated key signs").isNotEqualTo(first);
    assertThat(later.verificationKeys()).as("the key before the rotation still verifies")
        .anySatisfy(k -> assertThat(k).isEqualTo(first));

    store.rotate();
    assertThat(TestDatabase.strings("SELECT count(*)::text FROM osb_sso_key"))
        .as("a later rotation is one of its own").containsExactly("3");
  }

  /** The rotated key's start comes on the database's clock (the test does not wait). */
  private static void rotatedKeyIsDue() {
    TestDatabase.sql("UPDATE osb_sso_key SET active_from = now() - interval '1 second'"
        + " WHERE active_from > now()");
  }

  /**
   * A pool that may be down (no connection), or lose the answer of the next rotation's insert
   * after the server committed it (SQLState 08006, as when the connection goes away then).
   */
  private static final class Faulty {
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicBoolean loseNextAnswer = new AtomicBoolean();
    /** Connections lent out, one per read or write of the keys. */
    final AtomicInteger connections = new AtomicInteger();
    /** Connections asked for, lent out or not. */
    final AtomicInteger attempts = new AtomicInteger();
    private final DataSource real;

    Faulty(DataSource real) {
      this.real = real;
    }

    DataSource dataSource() {
      return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {DataSource.class}, (p, m, args) -> {
            if (m.getName().equals("getConnection")) {
              attempts.incrementAndGet();
            }
            if (m.getName().equals("getConnection") && down.get()) {
              throw new SQLTransientConnectionException("down for the test", "08001");
            }
            Object r = call(real, m, args);
            if (r instanceof Connection c) {
              connections.incrementAndGet();
              return connection(c);
            }
            return r;
          });
    }

    private Connection connection(Connection c) {
      return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {Connection.class}, (p, m, args) -> {
            Object r = call(c, m, args);
            if (m.getName().equals("prepareStatement") && args[0] instanceof String sql
                && sql.contains("make_interval")) {
              return statement((PreparedStatement) r);
            }
            return r;
          });
    }

    private PreparedStatement statement(PreparedStatement ps) {
      return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {PreparedStatement.class}, (p, m, args) -> {
            Object r = call(ps, m, args);
            if (m.getName().startsWith("execute") && loseNextAnswer.compareAndSet(true, false)) {
              throw new SQLException("An I/O error occurred while sending to the backend.",
                  "08006");
            }
            return r;
          });
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
      try {
        return m.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  /** The monotonic clock of a replica whose test clock the test moves by hand. */
  static LongSupplier nanosOf(TestClock clock) {
    return () -> clock.millis() * 1_000_000L;
  }
}

package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
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
  void aRotatedKeySignsWhileThePreviousStillVerifies() {
    PostgresSsoKeyStore a = PostgresSsoKeyStore.create(TestDatabase.replicaA(), null,
        Duration.ZERO, 2);
    PostgresSsoKeyStore b = PostgresSsoKeyStore.create(TestDatabase.replicaB(), null,
        Duration.ZERO, 2);
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
    PostgresSsoKeyStore slow = PostgresSsoKeyStore.create(TestDatabase.replicaA(), null,
        Duration.ofHours(1), 2);
    PostgresSsoKeyStore reader = PostgresSsoKeyStore.create(TestDatabase.replicaB(), null,
        Duration.ZERO, 2);
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
    PostgresSsoKeyStore slow = PostgresSsoKeyStore.create(TestDatabase.replicaA(), null,
        Duration.ofHours(1), 2);
    PostgresSsoKeyStore reader = PostgresSsoKeyStore.create(TestDatabase.replicaB(), null,
        Duration.ofHours(1), 2);
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
  void callersCannotChangeTheKey() {
    PostgresSsoKeyStore a = PostgresSsoKeyStore.create(TestDatabase.replicaA());
    byte[] key = a.signingKey();
    key[0] ^= 1;
    assertThat(a.signingKey()).isNotEqualTo(key);
  }
}

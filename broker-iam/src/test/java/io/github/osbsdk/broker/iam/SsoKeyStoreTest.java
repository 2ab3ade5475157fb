package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SsoKeyStoreTest {
  @Test
  void changingAHandedOutInMemoryKeyChangesNotTheStoredOne() {
    SsoKeyStore store = SsoKeyStore.inMemory();
    byte[] key = store.signingKey();
    byte[] original = key.clone();
    Arrays.fill(key, (byte) 0);
    store.verificationKeys().get(0)[0] ^= 1;

    assertThat(store.signingKey()).isEqualTo(original).isNotSameAs(store.signingKey());
    assertThat(store.verificationKeys()).singleElement().isEqualTo(original);
  }
}

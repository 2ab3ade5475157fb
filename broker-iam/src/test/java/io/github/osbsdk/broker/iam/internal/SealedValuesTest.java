package io.github.osbsdk.broker.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.iam.SsoKeyStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SealedValuesTest {
  private final SsoKeyStore keys = SsoKeyStore.inMemory();
  private final SealedValues sealed = new SealedValues(keys);
  private final byte[] payload = "{\"em\":\"alice@example.com\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void sealedValueOpensForItsPurposeOnly() {
    String v = sealed.seal("session", payload);
    assertThat(sealed.open("session", v)).isEqualTo(payload);
    assertThat(sealed.open("state", v)).isNull();
    assertThat(CanonicalBase64Url.isCanonical(v)).isTrue();
  }

  @Test
  void sealingTheSamePayloadTwiceGivesDifferentValues() {
    assertThat(sealed.seal("session", payload)).isNotEqualTo(sealed.seal("session", payload));
  }

  @Test
  void aSignedValueNeverOpensAsASealedOne() {
    String signed = new SignedValues(keys).sign("session", payload);
    assertThat(sealed.open("session", signed)).isNull();
    assertThat(sealed.open("session", signed.replace(".", ""))).isNull();
  }

  @Test
  void theEncryptionKeyIsNotTheSigningKey() {
    byte[] key = keys.signingKey();
    assertThat(SealedValues.aesKey(key)).hasSize(32).isNotEqualTo(key);
  }

  @Test
  void aShortKeyOrAFailingStoreSealsNothing() {
    SealedValues shortKey = new SealedValues(() -> new byte[16]);
    assertThatThrownBy(() -> shortKey.seal("session", payload))
        .isInstanceOf(SignedValues.KeysUnavailableException.class);
    SealedValues failing = new SealedValues(new SsoKeyStore() {
      @Override
      public byte[] signingKey() {
        throw new IllegalStateException("database down");
      }

      @Override
      public List<byte[]> verificationKeys() {
        throw new IllegalStateException("database down");
      }
    });
    String v = sealed.seal("session", payload);
    assertThatThrownBy(() -> failing.open("session", v))
        .isInstanceOf(SignedValues.KeysUnavailableException.class);
  }

  @Test
  void aValueSealedWithAKeyTheStoreReadsOnlyAfterAMissOpens() {
    byte[] old = SsoKeyStore.inMemory().signingKey();
    SealedValues missedTheRotation = new SealedValues(new SsoKeyStore() {
      @Override
      public byte[] signingKey() {
        return old.clone();
      }

      @Override
      public List<byte[]> verificationKeysAfterMiss() {
        return List.of(old.clone(), keys.signingKey()); // read again: the rotated key
      }
    });
    String v = sealed.seal("session", payload);

    assertThat(missedTheRotation.open("session", v)).isEqualTo(payload);
    assertThat(missedTheRotation.open("state", v)).as("for its purpose only").isNull();
  }
}

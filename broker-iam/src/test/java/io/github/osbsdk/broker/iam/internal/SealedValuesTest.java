package io.github.osbsdk.broker.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.iam.SsoKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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

  @Test
  void theExpiryReadableWithoutAKeyCannotBeChanged() {
    String v = sealed.seal("session", payload, 1_000_000L);
    byte[] bytes = Base64.getUrlDecoder().decode(v);
    bytes[8] ^= 1; // the expiry's last byte

    assertThat(sealed.open("session", Base64.getUrlEncoder().withoutPadding()
        .encodeToString(bytes))).isNull();
  }

  @Test
  void aValueOfVersion1StillOpensButNeverAsksTheStoreAgain() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    SsoKeyStore rotated = new SsoKeyStore() {
      @Override
      public byte[] signingKey() {
        return SsoKeyStore.inMemory().signingKey();
      }

      @Override
      public List<byte[]> verificationKeys() {
        return List.of(keys.signingKey());
      }

      @Override
      public List<byte[]> verificationKeysAfterMiss() {
        asked.incrementAndGet();
        return List.of();
      }
    };
    String v1 = version1(keys.signingKey(), "session", payload);
    String v1OtherKey = version1(SsoKeyStore.inMemory().signingKey(), "session", payload);

    assertThat(new SealedValues(rotated).open("session", v1)).isEqualTo(payload);
    assertThat(new SealedValues(rotated).open("session", v1OtherKey)).isNull();
    assertThat(asked.get()).as("calls asking the store again").isZero();
  }

  @Test
  void aValueNoKeyOpensAsksTheStoreAgainOnlyWhenItsExpiryCouldBeGenuine() {
    AtomicInteger asked = new AtomicInteger();
    SealedValues other = new SealedValues(new SsoKeyStore() {
      @Override
      public byte[] signingKey() {
        return SsoKeyStore.inMemory().signingKey();
      }

      @Override
      public List<byte[]> verificationKeysAfterMiss() {
        asked.incrementAndGet();
        return List.of();
      }
    });
    String v = sealed.seal("session", payload, 5_000L);

    assertThat(other.open("session", v, expiry -> expiry < 5_000L)).isNull();
    assertThat(asked.get()).as("asked for a value of an impossible expiry").isZero();
    assertThat(other.open("session", v, expiry -> expiry == 5_000L)).isNull();
    assertThat(asked.get()).as("asked for a value that could be genuine").isOne();
  }

  /** A value as the SDK sealed it before the expiry was added: version 1, the purpose as AAD. */
  private static String version1(byte[] storeKey, String purpose, byte[] payload)
      throws Exception {
    byte[] iv = new byte[12];
    new SecureRandom().nextBytes(iv);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(SealedValues.aesKey(storeKey), "AES"),
        new GCMParameterSpec(128, iv));
    c.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
    byte[] sealed = c.doFinal(payload);
    byte[] value = new byte[1 + iv.length + sealed.length];
    value[0] = 1;
    System.arraycopy(iv, 0, value, 1, iv.length);
    System.arraycopy(sealed, 0, value, 1 + iv.length, sealed.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
  }
}

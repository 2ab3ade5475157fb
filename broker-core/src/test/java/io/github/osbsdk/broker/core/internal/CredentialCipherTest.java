package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {
  private static final SecretKey OLD = key(1);
  private static final SecretKey NEW = key(2);
  private static final String PLAIN = "{\"password\":\"p\"}";

  private static SecretKey key(int fill) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) fill);
    return new SecretKeySpec(bytes, "AES");
  }

  @Test
  void valuesStoredUnderAPreviousKeyStayReadableAfterRotation() {
    String storedBefore = new CredentialCipher(OLD, List.of()).encrypt(PLAIN, "i", "b");

    CredentialCipher rotated = new CredentialCipher(NEW, List.of(OLD));

    assertThat(rotated.decrypt(storedBefore, "i", "b")).isEqualTo(PLAIN);
  }

  @Test
  void newValuesAreWrittenUnderTheCurrentKeyOnly() {
    String stored = new CredentialCipher(NEW, List.of(OLD)).encrypt(PLAIN, "i", "b");

    assertThat(new CredentialCipher(NEW, List.of()).decrypt(stored, "i", "b")).isEqualTo(PLAIN);
    assertThatThrownBy(() -> new CredentialCipher(OLD, List.of()).decrypt(stored, "i", "b"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theFirstStepOfARotationReadsWhatTheNewKeyWrites() {
    String writtenByARotatedReplica = new CredentialCipher(NEW, List.of(OLD))
        .encrypt(PLAIN, "i", "b");

    CredentialCipher preparing = new CredentialCipher(OLD, List.of(NEW));

    assertThat(preparing.decrypt(writtenByARotatedReplica, "i", "b")).isEqualTo(PLAIN);
  }

  @Test
  void noKeyOpensAValueOfAnotherBinding() {
    String stored = new CredentialCipher(OLD, List.of()).encrypt(PLAIN, "i", "b1");

    assertThatThrownBy(() -> new CredentialCipher(NEW, List.of(OLD)).decrypt(stored, "i", "b2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("current or any previous credential key (2 tried)");
  }

  @Test
  void unknownKeyIsRefusedWithAMessageAboutTheReplicasKeys() {
    String stored = new CredentialCipher(OLD, List.of()).encrypt(PLAIN, "i", "b");

    assertThatThrownBy(() -> new CredentialCipher(NEW, List.of()).decrypt(stored, "i", "b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does every replica have the same keys?");
  }

  @Test
  void reencryptionMovesAValueToTheCurrentKeyAndLeavesCurrentOnesAlone() {
    String underOld = new CredentialCipher(OLD, List.of()).encrypt(PLAIN, "i", "b");
    CredentialCipher rotated = new CredentialCipher(NEW, List.of(OLD));

    String underNew = rotated.reencrypt(underOld, "i", "b");

    assertThat(underNew).isNotNull().isNotEqualTo(underOld);
    assertThat(new CredentialCipher(NEW, List.of()).decrypt(underNew, "i", "b")).isEqualTo(PLAIN);
    assertThat(rotated.reencrypt(underNew, "i", "b")).isNull();
    // still bound to its binding
    assertThatThrownBy(() -> new CredentialCipher(NEW, List.of()).decrypt(underNew, "i", "b2"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void reencryptionRefusesAValueNoKeyOpens() {
    String stored = new CredentialCipher(OLD, List.of()).encrypt(PLAIN, "i", "b");
    assertThatThrownBy(() -> new CredentialCipher(NEW, List.of()).reencrypt(stored, "i", "b"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new CredentialCipher(NEW, List.of()).reencrypt("!!", "i", "b"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void malformedStoredValuesAreRefused() {
    CredentialCipher cipher = new CredentialCipher(OLD, List.of());
    assertThatThrownBy(() -> cipher.decrypt("not base64!", "i", "b"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not base64");
    assertThatThrownBy(() -> cipher.decrypt("AAAA", "i", "b"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("truncated");
  }

  @Test
  void previousKeysAreCheckedLikeTheCurrentOne() {
    assertThatThrownBy(() -> new CredentialCipher(OLD,
        List.of(new SecretKeySpec(new byte[10], "AES"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a previous credential key must be 128, 192 or 256 bits");
    assertThatThrownBy(() -> new CredentialCipher(OLD,
        List.of(new SecretKeySpec(new byte[16], "HmacSHA256"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a previous credential key must be an AES key");
  }
}

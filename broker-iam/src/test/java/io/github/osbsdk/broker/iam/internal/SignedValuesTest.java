package io.github.osbsdk.broker.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.iam.SsoKeyStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignedValuesTest {
  private final SignedValues signed = new SignedValues(SsoKeyStore.inMemory());
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  @Test
  void signedValueVerifiesForItsPurposeOnly() {
    String v = signed.sign("state", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    assertThat(signed.verify("state", v)).asString(StandardCharsets.UTF_8).isEqualTo("{\"a\":1}");
    assertThat(signed.verify("session", v)).isNull();
  }

  @Test
  void paddedSpellingIsRefused() {
    String v = signed.sign("state", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)); // 7 bytes
    int dot = v.indexOf('.');
    assertThat(signed.verify("state", v.substring(0, dot) + "=" + v.substring(dot))).isNull();
    assertThat(signed.verify("state", v + "=")).isNull(); // the 32-byte MAC: 43 characters
  }

  @Test
  void strayBitsInTheLastCharacterAreRefused() {
    String v = signed.sign("state", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    int dot = v.indexOf('.');
    char last = v.charAt(dot - 1);
    String stray = v.substring(0, dot - 1) + ALPHABET.charAt(ALPHABET.indexOf(last) | 1)
        + v.substring(dot);
    assertThat(signed.verify("state", stray)).isNull();
    char macLast = v.charAt(v.length() - 1);
    assertThat(signed.verify("state", v.substring(0, v.length() - 1)
        + ALPHABET.charAt(ALPHABET.indexOf(macLast) | 1))).isNull();
  }
}

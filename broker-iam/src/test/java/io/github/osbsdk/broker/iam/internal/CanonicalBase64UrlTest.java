package io.github.osbsdk.broker.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CanonicalBase64UrlTest {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  @Test
  void everyEncoderOutputIsCanonicalAndDecodesBack() {
    Random random = new Random(42);
    for (int length = 0; length < 70; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      String encoded = ENCODER.encodeToString(bytes);
      assertThat(CanonicalBase64Url.isCanonical(encoded)).as(encoded).isTrue();
      assertThat(CanonicalBase64Url.decode(encoded)).isEqualTo(bytes);
    }
  }

  @Test
  void paddingIsRefused() {
    assertThat(CanonicalBase64Url.isCanonical("QQ==")).isFalse();
    assertThat(CanonicalBase64Url.isCanonical("QUI=")).isFalse();
    assertThat(CanonicalBase64Url.isCanonical("QQ")).isTrue();
    assertThatThrownBy(() -> CanonicalBase64Url.decode("QQ=="))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void strayBitsInTheLastCharacterAreRefused() {
    // "QQ" is 0x41; "QR".."QZ" and "Qa".. decode to 0x41 too in a lenient decoder
    for (char c : "RSTUVWXYZabcdef".toCharArray()) {
      assertThat(CanonicalBase64Url.isCanonical("Q" + c)).as("Q" + c).isFalse();
    }
    assertThat(CanonicalBase64Url.isCanonical("QUI")).isTrue(); // 0x41 0x42
    assertThat(CanonicalBase64Url.isCanonical("QUJ")).isFalse(); // same bytes, low bits set
    assertThat(Base64.getUrlDecoder().decode("QUJ")).isEqualTo(new byte[] {0x41, 0x42});
  }

  @Test
  void danglingCharacterAndCharactersOutsideTheUrlAlphabetAreRefused() {
    assertThat(CanonicalBase64Url.isCanonical("QUJDR")).isFalse();
    assertThat(CanonicalBase64Url.isCanonical("ab+/")).isFalse();
    assertThat(CanonicalBase64Url.isCanonical("ab cd")).isFalse();
    assertThat(CanonicalBase64Url.isCanonical("ab\u00e9c")).isFalse();
    assertThat(CanonicalBase64Url.isCanonical("ab.c")).isFalse();
    assertThat(CanonicalBase64Url.isCanonical(null)).isFalse();
  }

  @Test
  void rangesAreCheckedInPlace() {
    String s = "xx.QUI.yy";
    assertThat(CanonicalBase64Url.isCanonical(s, 3, 6)).isTrue();
    assertThat(CanonicalBase64Url.decode(s, 3, 6)).isEqualTo(new byte[] {0x41, 0x42});
    assertThat(CanonicalBase64Url.isCanonical(s, 2, 6)).isFalse();
    assertThat(CanonicalBase64Url.isCanonical(s, 6, 3)).isFalse();
    assertThat(CanonicalBase64Url.isCanonical(s, 3, 3)).isTrue();
  }
}

package io.github.osbsdk.broker.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextsTest {

  @Test
  void controlCharactersAreTheC0RangeAndDelete() {
    for (char c = 0; c < 0x20; c++) {
      assertThat(Texts.hasControlCharacter("id-" + c + "-x")).as("U+%04X", (int) c).isTrue();
    }
    assertThat(Texts.hasControlCharacter("id\u007f")).isTrue();
    // printable ASCII, the C1 range and other non-ASCII letters are kept
    assertThat(Texts.hasControlCharacter(" ~crn:v1:bluemix:public:x:us-south:a/b:c::")).isFalse();
    assertThat(Texts.hasControlCharacter("\u0080\u009f\u00e9\u4e2d\ud83d\ude00")).isFalse();
    assertThat(Texts.hasControlCharacter("")).isFalse();
  }

  @Test
  void utf8LengthMatchesTheEncodedBytes() {
    Random random = new Random(7);
    int[] starts = {0x20, 0x80, 0x800, 0x10000};
    for (int n = 0; n < 2000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(20); i > 0; i--) {
        int from = starts[random.nextInt(starts.length)];
        int cp = from + random.nextInt(0x80);
        text.appendCodePoint(cp);
      }
      String s = text.toString();
      assertThat(Texts.utf8Length(s)).as(s)
          .isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }
  }
}

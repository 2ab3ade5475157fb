package io.github.osbsdk.broker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiVersionTest {
  @Test
  void majorDotMinorInAsciiDigitsIsRead() {
    assertThat(ApiVersion.parse(" 2.17 ")).isEqualTo(new ApiVersion(2, 17));
    assertThat(ApiVersion.parse("2.017")).isEqualTo(new ApiVersion(2, 17));
  }

  @Test
  void signsOtherScriptsDigitsAndExtraPartsAreRefused() {
    for (String v : new String[] {"+2.17", "2.+17", "-2.17", "2.-17",
        "\u0662.\u0661\u0667", "\uff12.\uff11\uff17", "2.17.0", "2 .17", ".17", "2.", "2"}) {
      assertThatThrownBy(() -> ApiVersion.parse(v)).as(v)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}

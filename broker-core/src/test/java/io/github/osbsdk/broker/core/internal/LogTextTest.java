package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void newlinesQuotesAndNonAsciiAreEscapedSoNoLogLineCanBeForged() {
    String forged = "x\n2026-01-01 INFO forged line\r\"q\"\\\u2028\u00e9";
    String quoted = LogText.quote(forged);
    assertThat(quoted).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u2028")
        .startsWith("\"").endsWith("\"")
        .isEqualTo("\"x\\u000a2026-01-01 INFO forged line\\u000d\\\"q\\\"\\\\\\u2028\\u00e9\"");
  }

  @Test
  void longValuesAreCutAndNullIsNamed() {
    assertThat(LogText.quote("a".repeat(1000))).hasSize(256 + 5).endsWith("...\"");
    assertThat(LogText.quote(null)).isEqualTo("null");
  }

  @Test
  void userInfoAndQueryValuesOfUrlsAreMasked() {
    assertThat(LogText.quote("provider failed: https://admin:pw1@db.example/x?password=pw2"))
        .isEqualTo("\"provider failed: https://***@db.example/x?password=***\"");
  }
}

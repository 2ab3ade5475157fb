package io.github.osbsdk.broker.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class LogValuesTest {
  @Test
  void plainValueIsQuoted() {
    assertThat(LogValues.quote("crn:v1:bluemix:public:hello:us-south:a/acct1:inst-1::"))
        .isEqualTo("\"crn:v1:bluemix:public:hello:us-south:a/acct1:inst-1::\"");
  }

  @Test
  void nullIsUnquotedNull() {
    assertThat(LogValues.quote(null)).isEqualTo("null");
    assertThat(LogValues.quoteMessage(null)).isEqualTo("null");
  }

  @Test
  void newlinesCannotForgeALogLine() {
    String forged = "x\n2026-01-01 INFO admin logged in\r\n";
    String quoted = LogValues.quote(forged);
    assertThat(quoted).doesNotContain("\n").doesNotContain("\r")
        .isEqualTo("\"x\\u000a2026-01-01 INFO admin logged in\\u000d\\u000a\"");
  }

  @Test
  void quotesAndBackslashesAreEscapedSoTheValueCannotCloseItsQuotes() {
    assertThat(LogValues.quote("a\" user=\"admin\\")).isEqualTo("\"a\\\" user=\\\"admin\\\\\"");
  }

  @Test
  void unicodeLineSeparatorsAndBidiControlsAreEscaped() {
    assertThat(LogValues.quote("a\u2028b\u2029c\u0085d\u202ee\u2066f\u200bg\ufeff"))
        .isEqualTo("\"a\\u2028b\\u2029c\\u0085d\\u202ee\\u2066f\\u200bg\\ufeff\"");
  }

  @Test
  void otherControlCharactersAndLoneSurrogatesAreEscaped() {
    assertThat(LogValues.quote("\u0000\u001b[31m\u007f\ud800")).isEqualTo(
        "\"\\u0000\\u001b[31m\\u007f\\ud800\"");
  }

  @Test
  void ordinaryNonAsciiTextIsKept() {
    assertThat(LogValues.quote("Zo\u00eb \u00e9t\u00e9")).isEqualTo("\"Zo\u00eb \u00e9t\u00e9\"");
  }

  @Test
  void longValuesAreCutWithTheirLengthNoted() {
    String quoted = LogValues.quote("a".repeat(5000));
    assertThat(quoted).hasSize(LogValues.MAX_CHARS + 2 + "...(5000 chars)".length())
        .endsWith("\"...(5000 chars)");
  }

  @Test
  void exceptionMessagesAreQuotedWithTheirTypeOnly() {
    assertThat(LogValues.quoteMessage(new IOException("bad\nline")))
        .isEqualTo("IOException \"bad\\u000aline\"");
  }

  @Test
  void userInfoAndQueryValuesOfUrlsAreMasked() {
    assertThat(LogValues.quote("https://svc:pw1@broker.example/dashboard/callback?code=c1&state=s"))
        .isEqualTo("\"https://***@broker.example/dashboard/callback?code=***&state=***\"");
    assertThat(LogValues.quoteMessage(new IOException("POST https://iam.example/token?apikey=k1")))
        .isEqualTo("IOException \"POST https://iam.example/token?apikey=***\"");
  }
}

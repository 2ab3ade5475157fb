package io.github.osbsdk.broker.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.internal.TextEscaper.Characters;
import io.github.osbsdk.broker.api.internal.TextEscaper.CutMark;
import org.junit.jupiter.api.Test;

class TextEscaperTest {
  /** A line feed, a line separator, an accent, an emoji (a surrogate pair), NEL, a quote. */
  private static final String MIXED = "a\nb\u2028c\u00e9d\ud83d\ude00e\u0085\"";

  private static TextEscaper escaper(Characters characters, int max, CutMark mark) {
    return new TextEscaper(characters, max, mark);
  }

  @Test
  void unsafeCharactersAreEscapedAndOtherTextIsKept() {
    assertThat(escaper(Characters.UNSAFE, 100, CutMark.ellipsis()).quote(MIXED))
        .isEqualTo("\"a\\u000ab\\u2028c\u00e9d\ud83d\ude00e\\u0085\\\"\"");
  }

  @Test
  void unsafeAndSurrogatesEscapesBothHalvesOfAPair() {
    assertThat(escaper(Characters.UNSAFE_AND_SURROGATES, 100, CutMark.ellipsis()).quote(MIXED))
        .isEqualTo("\"a\\u000ab\\u2028c\u00e9d\\ud83d\\ude00e\\u0085\\\"\"");
  }

  @Test
  void nonAsciiEscapesEverythingButPrintableAscii() {
    assertThat(escaper(Characters.NON_ASCII, 100, CutMark.ellipsis()).quote(MIXED + "\u007f~ "))
        .isEqualTo("\"a\\u000ab\\u2028c\\u00e9d\\ud83d\\ude00e\\u0085\\\"\\u007f~ \"");
  }

  @Test
  void loneSurrogatesAndBidiControlsAreUnsafe() {
    assertThat(escaper(Characters.UNSAFE, 100, CutMark.ellipsis())
        .quote("\ude00x\ud83d\u202e\u2066\u200b\ufeff"))
        .isEqualTo("\"\\ude00x\\ud83d\\u202e\\u2066\\u200b\\ufeff\"");
  }

  @Test
  void anEllipsisMarksACutInsideTheQuotes() {
    assertThat(escaper(Characters.UNSAFE, 5, CutMark.ellipsis()).quote("abcdefgh"))
        .isEqualTo("\"abcde...\"");
    assertThat(escaper(Characters.UNSAFE, 5, CutMark.ellipsis()).quote("abcde"))
        .isEqualTo("\"abcde\"");
  }

  @Test
  void aLengthMarkFollowsTheQuotesAndNamesTheWholeLength() {
    assertThat(escaper(Characters.UNSAFE, 5, CutMark.length("chars")).quote("abcdefgh"))
        .isEqualTo("\"abcde\"...(8 chars)");
  }

  @Test
  void aCutNeverSplitsAKeptSurrogatePair() {
    String emoji = "ab\ud83d\ude00cd";
    assertThat(escaper(Characters.UNSAFE, 3, CutMark.ellipsis()).quote(emoji))
        .isEqualTo("\"ab...\"");
    assertThat(escaper(Characters.UNSAFE_AND_SURROGATES, 3, CutMark.ellipsis()).quote(emoji))
        .isEqualTo("\"ab\\ud83d...\"");
  }

  @Test
  void cleanEscapesWithoutQuotingAndKeepsQuotesAndBackslashes() {
    TextEscaper escaper = escaper(Characters.UNSAFE, 8, CutMark.length("characters"));
    assertThat(escaper.clean("a\"b\\c\nd")).isEqualTo("a\"b\\c\\u000ad");
    assertThat(escaper.clean("a\"b\\c\nde!")).isEqualTo("a\"b\\c\\u000ade...(9 characters)");
    assertThat(escaper(Characters.UNSAFE, 2, CutMark.ellipsis()).clean("abc")).isEqualTo("ab...");
  }

  @Test
  void userInfoIsMaskedBeforeTheCutSoNoPartOfAPasswordIsKept() {
    String url = "https://deploy:" + "p".repeat(300) + "@h.example/some/long/path";
    TextEscaper escaper = escaper(Characters.UNSAFE, 20, CutMark.length("characters"));
    assertThat(escaper.quote("see " + url))
        .isEqualTo("\"see https://***@h.ex\"...(344 characters)");
    assertThat(escaper.quoteUrl(url)).isEqualTo("\"https://***@h.exampl\"...(340 characters)");
    assertThat(escaper.quoteUrl("deploy:" + "p".repeat(300) + "@h.example"))
        .isEqualTo("\"***@h.example\"");
  }

  @Test
  void queryValuesAreMaskedBeforeTheCutWhetherTheValueIsAUrlOrHoldsOne() {
    TextEscaper escaper = escaper(Characters.UNSAFE, 41, CutMark.length("characters"));
    String url = "https://h.example/cb?code=" + "c".repeat(300) + "&state=s1";
    assertThat(escaper.quoteUrl(url))
        .isEqualTo("\"https://h.example/cb?code=***&state=***\"");
    assertThat(escaper.quote("redirect to " + url + " refused")).isEqualTo(
        "\"redirect to https://h.example/cb?code=***\"...(" + (url.length() + 20) + " characters)");
    assertThat(escaper.clean(url + "\n"))
        .isEqualTo("https://h.example/cb?code=***&state=***\\u000a");
  }

  @Test
  void nullIsNamedUnquoted() {
    TextEscaper escaper = escaper(Characters.UNSAFE, 10, CutMark.ellipsis());
    assertThat(escaper.quote(null)).isEqualTo("null");
    assertThat(escaper.quoteUrl(null)).isEqualTo("null");
    assertThat(escaper.clean(null)).isEqualTo("null");
  }

  @Test
  void anyObjectIsQuotedByItsText() {
    assertThat(escaper(Characters.UNSAFE, 10, CutMark.ellipsis()).quote(42)).isEqualTo("\"42\"");
  }

  @Test
  void aPolicyMustBeComplete() {
    assertThatThrownBy(() -> new TextEscaper(Characters.UNSAFE, 0, CutMark.ellipsis()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxChars");
    assertThatThrownBy(() -> new TextEscaper(null, 1, CutMark.ellipsis()))
        .isInstanceOf(NullPointerException.class).hasMessage("characters == null");
    assertThatThrownBy(() -> new TextEscaper(Characters.UNSAFE, 1, null))
        .isInstanceOf(NullPointerException.class).hasMessage("cutMark == null");
    assertThatThrownBy(() -> CutMark.length(null))
        .isInstanceOf(NullPointerException.class).hasMessage("unit == null");
  }
}

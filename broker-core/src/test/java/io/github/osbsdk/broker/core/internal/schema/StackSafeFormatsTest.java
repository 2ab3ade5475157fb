package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.format.Format;
import com.networknt.schema.format.Formats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The one-pass checks of hostname, json-pointer, relative-json-pointer, uri-template and color
 * answer what the library's own formats answer on short values (every sequence of a few pieces
 * that matter, then random longer ones), and through whole schemas of each dialect that asserts
 * formats.
 */
class StackSafeFormatsTest {
  private static Format library(String name) {
    return Formats.DEFAULT.stream().filter(f -> f.getName().equals(name)).findFirst()
        .orElseThrow();
  }

  /** The values on which {@code ours} answers otherwise than the library's format. */
  private static List<String> differing(String format, Predicate<String> ours,
      List<String> pieces, int longest, String start) {
    Format library = library(format);
    List<String> different = new ArrayList<>();
    int checked = LibraryVerdicts.everySequence(pieces, longest, 100_000, start, value -> {
      if (ours.test(value) != library.matches(null, value)) {
        different.add(value);
      }
    });
    assertThat(checked).isGreaterThan(100_000);
    return different;
  }

  @Test
  void hostnameAnswersWhatTheLibraryAnswers() {
    assertThat(differing("hostname", StackSafeFormats::isHostname,
        LibraryVerdicts.chars("a0-.Z_\u00e9\n"), 6, "")).isEmpty();
    // labels around the 63-character limit, with hyphens inside, and dots and hyphens between
    assertThat(differing("hostname", StackSafeFormats::isHostname, List.of("a".repeat(62),
        "a".repeat(63), "a" + "-".repeat(61) + "a", "a".repeat(64), ".", "-"), 4, ""))
        .isEmpty();
  }

  @Test
  void jsonPointersAnswerWhatTheLibraryAnswers() {
    assertThat(differing("json-pointer", StackSafeFormats::isJsonPointer,
        LibraryVerdicts.chars("/~01#a\n"), 7, "/")).isEmpty();
    assertThat(differing("relative-json-pointer", StackSafeFormats::isRelativeJsonPointer,
        LibraryVerdicts.chars("019/~#a"), 7, "1")).isEmpty();
  }

  @Test
  void uriTemplateAnswersWhatTheLibraryAnswers() {
    assertThat(differing("uri-template", StackSafeFormats::isUriTemplate,
        List.of("{", "}", "a", ".", ":", "1", "0", ",", "*", "%4f", "%", "+", "\u0001", "\\",
            "\u00e9", "|", "\""), 4, "{")).isEmpty();
  }

  @Test
  void colorAnswersWhatTheLibraryAnswers() {
    assertThat(differing("color", StackSafeFormats::isColor, List.of("rgb(", ")", ",", " ",
        "1", "0", "25", "5", "6", "%", "100", "#", "a", "red", "\n"), 4, "rgb(")).isEmpty();
    assertThat(differing("color", StackSafeFormats::isColor,
        List.of("0", "9", "f", "F", "g", "#"), 7, "#")).isEmpty();
    // three parts of every kind, numbers and percentages around their bounds
    List<String> parts = List.of("0", "00", "01", "9", "10", "99", "100", "199", "200", "249",
        "250", "255", "256", "260", "300", "1000", " 7 ", "\t7", "7\n", "1%", "99%", "100%",
        "101%", "1%2%", "100%100%", "1", "%", "-1", "a");
    Format library = library("color");
    List<String> different = new ArrayList<>();
    for (String a : parts) {
      for (String b : parts) {
        for (String c : parts) {
          String value = "rgb(" + a + "," + b + "," + c + ")";
          if (StackSafeFormats.isColor(value) != library.matches(null, value)) {
            different.add(value);
          }
        }
      }
    }
    assertThat(different).isEmpty();
  }

  @Test
  void formatsReportWhatTheLibraryReportsInEveryDialectThatAssertsThem() throws Exception {
    String[][] cases = {
        {"hostname", "example.com", "a-b.c0", "-a.com", "a..b", "", "\u00e9.com"},
        {"json-pointer", "", "/a/b~0/~1", "/#", "a", "/~2"},
        {"relative-json-pointer", "0", "1#", "2/a", "01", "#", "1/~"},
        {"uri-template", "http://x/{a,b*}{?q:3}", "{a.b}", "{}", "%zz", "{a.}", "a\"b"},
        {"color", "red", "#fff", "rgb(1, 2, 255)", "rgb(1%,100%,9%)", "rgb(256,0,0)", "Red"}};
    for (String[] formatCase : cases) {
      LibraryVerdicts.assertFormatReportsAsTheLibrary(formatCase[0],
          Arrays.copyOfRange(formatCase, 1, formatCase.length));
    }
  }
}

package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The one-pass checks of email, idn-email, style and utc-millisec answer what the library's
 * java.util.regex patterns answer: on every short value over an alphabet of the characters that
 * matter, and, through whole schemas of each dialect that asserts formats, on ordinary
 * addresses.
 */
class LinearFormatsTest {
  /** Calls {@code each} with every string of up to {@code longest} characters of the alphabet. */
  private static int everyString(String alphabet, int longest, Consumer<String> each) {
    return LibraryVerdicts.everySequence(LibraryVerdicts.chars(alphabet), longest, 0, "", each);
  }

  @Test
  void emailIsSplitWhereTheLibrarysPatternSplitsIt() {
    Pattern library = Pattern.compile("^(.+)@(\\S+)$");
    List<String> different = new ArrayList<>();

    int checked = everyString("a@ .\n\u0085\t\u000B", 6, s -> {
      Matcher m = library.matcher(s);
      if (LinearFormats.emailAt(s) != (m.matches() ? m.start(2) - 1 : -1)) {
        different.add(s);
      }
    });

    assertThat(checked).isGreaterThan(250_000);
    assertThat(different).isEmpty();
  }

  @Test
  void styleAnswersWhatTheLibrarysPatternAnswers() {
    Pattern library = Pattern.compile("\\s*(.+?):\\s*([^;]+);?");
    List<String> different = new ArrayList<>();

    everyString("a:; \n\r\u0085\u000B", 6, s -> {
      if (LinearFormats.isStyle(s) != library.matcher(s).matches()) {
        different.add(s);
      }
    });

    assertThat(different).isEmpty();
  }

  @Test
  void utcMillisecAnswersWhatTheLibrarysPatternAnswers() {
    Pattern library = Pattern.compile("^[0-9]+(\\.?[0-9]+)?$");
    List<String> different = new ArrayList<>();

    everyString("19.a\u0663\n", 7, s -> {
      if (LinearFormats.isUtcMillisec(s) != library.matcher(s).matches()) {
        different.add(s);
      }
    });

    assertThat(different).isEmpty();
  }

  private static void assertReportsAsTheLibrary(String format, String... values)
      throws Exception {
    LibraryVerdicts.assertFormatReportsAsTheLibrary(format, values);
  }

  @Test
  void emailFormatsReportWhatTheLibraryReports() throws Exception {
    String[] addresses = {"user@example.com", "first.last+tag@sub.example.co.uk", "a@b",
        "user@localhost", "\"quoted local\"@example.com", "user@[127.0.0.1]",
        "user@[IPv6:2001:db8::1]", "user@example.com.", "@example.com", "user@", "user",
        "us er@example.com", "user@exa mple.com", "a@b@example.com", "user@-example.com",
        "x".repeat(65) + "@example.com", "user@" + "a".repeat(64) + ".com", "ünïcode@例え.jp",
        "user\n@example.com", "user@example.com\n", "user@\u0085example.com", ""};
    assertReportsAsTheLibrary("email", addresses);
    assertReportsAsTheLibrary("idn-email", addresses);
  }

  @Test
  void styleAndUtcMillisecFormatsReportWhatTheLibraryReports() throws Exception {
    assertReportsAsTheLibrary("style", "color: red", "color: red;", "a:b;c", ":a", "a:",
        "  margin : 0 auto ;", "\na:b", "a\n:b", "a:;", "");
    assertReportsAsTheLibrary("utc-millisec", "1", "1234567890123", "1.5", "1.", ".5", "1.2.3",
        "-1", "1e3", "");
  }
}

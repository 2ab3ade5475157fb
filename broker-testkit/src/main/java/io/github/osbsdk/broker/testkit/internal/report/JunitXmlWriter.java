package io.github.osbsdk.broker.testkit.internal.report;

import io.github.osbsdk.broker.testkit.CheckResult;
import io.github.osbsdk.broker.testkit.SuiteResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a run as a JUnit XML report (the surefire format CI servers read). */
public final class JunitXmlWriter {
  private JunitXmlWriter() {}

  /**
   * @param result the run
   * @param file where to write (parent folders are created)
   * @param suiteName the test suite name
   * @throws IOException when the file cannot be written
   */
  public static void write(SuiteResult result, Path file, String suiteName) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, render(result, suiteName), StandardCharsets.UTF_8);
  }

  /**
   * @param result the run
   * @param suiteName the name
   * @return the XML document
   */
  public static String render(SuiteResult result, String suiteName) {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<testsuite name=\"").append(esc(suiteName)).append("\" tests=\"")
        .append(result.results().size()).append("\" failures=\"").append(result.failed())
        .append("\" errors=\"0\" skipped=\"").append(result.skipped()).append("\" time=\"")
        .append(seconds(result.duration().toMillis())).append("\">\n");
    for (CheckResult r : result.results()) {
      sb.append("  <testcase name=\"").append(esc(r.name())).append("\" classname=\"")
          .append(esc(suiteName + "." + r.ruleId())).append("\" time=\"")
          .append(seconds(r.duration().toMillis())).append('"');
      if (r.isPassed()) {
        sb.append("/>\n");
        continue;
      }
      sb.append(">\n");
      if (r.isFailed()) {
        sb.append("    <failure message=\"").append(esc(r.message())).append("\" type=\"")
            .append(esc(r.ruleId())).append("\">").append(esc(r.describe()))
            .append("</failure>\n");
      } else {
        sb.append("    <skipped message=\"").append(esc(r.message())).append("\"/>\n");
      }
      sb.append("  </testcase>\n");
    }
    return sb.append("</testsuite>\n").toString();
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }

  /**
   * Escapes markup and replaces what XML 1.0 cannot hold (control characters, lone surrogates,
   * U+FFFE and U+FFFF, all of which a broker's answer may carry) so the report stays readable.
   */
  private static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\n', '\t', '\r' -> sb.append(c);
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
            sb.append('\uFFFD');
          } else {
            sb.append(c < 0x20 ? ' ' : c);
          }
        }
      }
    }
    return sb.toString();
  }
}

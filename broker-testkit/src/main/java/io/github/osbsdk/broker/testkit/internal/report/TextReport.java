package io.github.osbsdk.broker.testkit.internal.report;

import io.github.osbsdk.broker.testkit.CheckResult;
import io.github.osbsdk.broker.testkit.SuiteResult;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plain-text rendering of results for the command line. Text from the broker (messages, answers,
 * plan names in check names) reaches a terminal: control characters other than line feed and
 * tab, and the characters that reorder text on screen, are shown escaped
 * (<code>&#92;u001b</code>), so an answer cannot move the cursor, clear the screen or disguise
 * what the report says. Numbers read the same in every default locale ({@link Locale#ROOT}).
 */
public final class TextReport {
  private TextReport() {}

  /**
   * @param r a result
   * @param verbose whether to add request and response of a failure
   * @return one line (more when verbose and failed)
   */
  public static String line(CheckResult r, boolean verbose) {
    String tag = switch (r.status()) {
      case PASSED -> "PASS";
      case FAILED -> "FAIL";
      case SKIPPED -> "SKIP";
    };
    StringBuilder sb = new StringBuilder(tag).append("  ").append(r.name());
    sb.append(" (").append(r.duration().toMillis()).append(" ms)");
    if (!r.message().isEmpty()) {
      sb.append(": ").append(r.message().replace('\n', ' '));
    }
    if (verbose && r.isFailed()) {
      sb.append('\n').append(r.describe());
    }
    return terminalSafe(sb.toString());
  }

  /**
   * @param result the run
   * @return every failure explained, then a table of passed/failed/skipped per rule group
   */
  public static String table(SuiteResult result) {
    StringBuilder sb = new StringBuilder();
    if (!result.failures().isEmpty()) {
      sb.append("Failures:\n\n");
      for (CheckResult f : result.failures()) {
        sb.append(f.describe()).append("\n\n");
      }
    }
    Map<String, int[]> groups = new TreeMap<>();
    for (CheckResult r : result.results()) {
      String id = r.ruleId();
      String group = id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
      groups.computeIfAbsent(group, g -> new int[3])[r.status().ordinal()]++;
    }
    String fmt = "%-22s %7s %7s %8s%n";
    sb.append(String.format(Locale.ROOT, fmt, "rule group", "passed", "failed", "skipped"));
    groups.forEach((g, c) -> sb.append(String.format(Locale.ROOT, fmt, g, c[0], c[1], c[2])));
    sb.append(String.format(Locale.ROOT, fmt, "total", result.passed(), result.failed(),
        result.skipped()));
    sb.append(String.format(Locale.ROOT, "(%d checks in %.1f s)%n", result.results().size(),
        result.duration().toMillis() / 1000.0));
    return terminalSafe(sb.toString());
  }

  /**
   * @param text text for a terminal
   * @return the text with control characters (but line feed and tab), DEL, the C1 controls and
   *     the bidirectional formatting characters written as <code>&#92;u</code> and four hex digits
   */
  static String terminalSafe(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean escape = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)
          || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
          || c == 0x200e || c == 0x200f || c == 0x061c;
      if (escape && sb == null) {
        sb = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (escape) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? text : sb.toString();
  }
}

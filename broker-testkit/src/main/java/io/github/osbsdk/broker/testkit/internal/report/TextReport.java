package io.github.osbsdk.broker.testkit.internal.report;

import io.github.osbsdk.broker.testkit.CheckResult;
import io.github.osbsdk.broker.testkit.SuiteResult;
import java.util.Map;
import java.util.TreeMap;

/** Plain-text rendering of results for the command line. */
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
    return sb.toString();
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
    sb.append(String.format(fmt, "rule group", "passed", "failed", "skipped"));
    groups.forEach((g, c) -> sb.append(String.format(fmt, g, c[0], c[1], c[2])));
    sb.append(String.format(fmt, "total", result.passed(), result.failed(), result.skipped()));
    sb.append(String.format("(%d checks in %.1f s)%n", result.results().size(),
        result.duration().toMillis() / 1000.0));
    return sb.toString();
  }
}

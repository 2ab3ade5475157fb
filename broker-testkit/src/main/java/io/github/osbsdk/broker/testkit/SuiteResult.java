package io.github.osbsdk.broker.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of a run of the conformance suite.
 *
 * @param results every check in the order the suite planned them
 * @param duration how long the run took
 */
public record SuiteResult(List<CheckResult> results, Duration duration) {
  /**
   * Copies the list.
   *
   * @param results every check in the order the suite planned them
   * @param duration how long the run took
   */
  public SuiteResult {
    results = List.copyOf(Objects.requireNonNull(results, "results == null"));
    Objects.requireNonNull(duration, "duration == null");
  }

  /**
   * How many checks the broker passed.
   *
   * @return the number of passed checks
   */
  public int passed() {
    return count(CheckResult.Status.PASSED);
  }

  /**
   * How many checks the broker failed.
   *
   * @return the number of failed checks
   */
  public int failed() {
    return count(CheckResult.Status.FAILED);
  }

  /**
   * How many checks did not run.
   *
   * @return the number of skipped checks
   */
  public int skipped() {
    return count(CheckResult.Status.SKIPPED);
  }

  /**
   * The checks the broker failed.
   *
   * @return the failed checks
   */
  public List<CheckResult> failures() {
    return results.stream().filter(CheckResult::isFailed).collect(Collectors.toUnmodifiableList());
  }

  /**
   * The rules the broker broke, each once.
   *
   * @return the distinct rule ids of the failed checks, in order
   */
  public List<String> failedRuleIds() {
    return results.stream().filter(CheckResult::isFailed).map(CheckResult::ruleId).distinct()
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * Whether the broker passed every check that ran.
   *
   * @return whether no check failed
   */
  public boolean isSuccess() {
    return failed() == 0;
  }

  /**
   * One line counting passed, failed and skipped checks.
   *
   * @return {@code N passed, M failed, K skipped}
   */
  public String summary() {
    return passed() + " passed, " + failed() + " failed, " + skipped() + " skipped";
  }

  /**
   * The summary and what went wrong in every failed check.
   *
   * @return the summary followed by the full description of every failure
   */
  public String report() {
    StringBuilder sb = new StringBuilder(summary());
    for (CheckResult f : failures()) {
      sb.append("\n\n").append(f.describe());
    }
    return sb.toString();
  }

  private int count(CheckResult.Status status) {
    return (int) results.stream().filter(r -> r.status() == status).count();
  }
}

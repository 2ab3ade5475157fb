package io.github.osbsdk.broker.testkit.cli;

import io.github.osbsdk.broker.testkit.Rule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Runs {@link ConformanceCli} in this JVM and keeps what it printed. */
final class CliRun {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /**
   * @param args the command line
   * @return the exit code
   */
  int run(String... args) {
    return ConformanceCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /**
   * @param environment the environment variables the CLI sees, e.g. {@code OSB_PASSWORD}
   * @param args the command line
   * @return the exit code
   */
  int runWithEnvironment(Map<String, String> environment, String... args) {
    return ConformanceCli.run(args, environment, new PrintStream(out, true,
        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** @return what every run so far printed to standard output */
  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** @return the lines every run so far printed to standard output */
  List<String> outLines() {
    return out().lines().toList();
  }

  /** @return what every run so far printed to standard error */
  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /**
   * @param ruleId the one rule to run
   * @return the value of {@code --skip} that skips every other rule
   */
  static String allRulesBut(String ruleId) {
    return Arrays.stream(Rule.values()).map(Rule::id).filter(id -> !id.equals(ruleId))
        .collect(Collectors.joining(","));
  }

  /** @return the value of {@code --skip} that skips every rule */
  static String allRules() {
    return Arrays.stream(Rule.values()).map(Rule::id).collect(Collectors.joining(","));
  }
}

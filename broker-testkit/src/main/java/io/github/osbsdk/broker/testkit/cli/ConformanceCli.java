package io.github.osbsdk.broker.testkit.cli;

import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.CheckResult;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.SuiteResult;
import io.github.osbsdk.broker.testkit.internal.report.JunitXmlWriter;
import io.github.osbsdk.broker.testkit.internal.report.TextReport;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Command line runner of the conformance suite against a deployed broker:
 *
 * <pre>
 * java -jar broker-testkit-VERSION-cli.jar --url URL
 *     [--username U --password P | --bearer TOKEN | --iam-url U --api-key K]
 *     [--api-version 2.17] [--skip NAME...] [--junit-xml FILE]
 * </pre>
 *
 * <p>Prints one line per check, a summary table and, last, {@code N passed, M failed, K skipped}.
 * Exit code 0 when nothing failed, 1 when a check failed, 2 on usage errors.
 */
public final class ConformanceCli {
  /** Exit code when every check passed or was skipped. */
  public static final int OK = 0;
  /** Exit code when at least one check failed. */
  public static final int FAILED = 1;
  /** Exit code for a command line that cannot be run. */
  public static final int USAGE = 2;

  private ConformanceCli() {}

  /** @param args the command line */
  public static void main(String[] args) {
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      // the CLI jar ships no SLF4J binding; its "no providers" notice is noise here
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /**
   * Runs the CLI without exiting the JVM.
   *
   * @param args the command line
   * @param out where the report goes
   * @param err where usage errors go
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, java.util.Map.of(), out, err);
  }

  /**
   * Runs the CLI without exiting the JVM.
   *
   * @param args the command line
   * @param env the environment: {@code OSB_PASSWORD} and {@code OSB_API_KEY} stand in for
   *     {@code --password} and {@code --api-key}
   * @param out where the report goes
   * @param err where usage errors go
   * @return the exit code
   */
  public static int run(String[] args, java.util.Map<String, String> env, PrintStream out,
      PrintStream err) {
    CliOptions o;
    try {
      o = CliOptions.parse(args, env);
    } catch (CliOptions.UsageException e) {
      err.println("error: " + e.getMessage());
      err.println(usage());
      return USAGE;
    }
    if (o.help) {
      out.println(usage());
      return OK;
    }
    ConformanceSuite.Builder b = ConformanceSuite.builder().url(o.url).apiVersion(o.apiVersion)
        .skip(o.skips.toArray(String[]::new)).parallelism(o.parallelism)
        .asyncTimeout(Duration.ofSeconds(o.asyncTimeoutSeconds))
        .capabilities(Capabilities.builder().bluemix(o.bluemix).concurrency(o.concurrency)
            .requiresApp(o.requiresApp).build());
    if (o.username != null) {
      b.basicAuth(o.username, o.password);
    } else if (o.bearer != null) {
      b.bearer(o.bearer);
    } else if (o.apiKey != null) {
      b.iamApiKey(o.iamUrl, o.apiKey);
    }
    out.println("OSB conformance suite against " + o.url + " (X-Broker-API-Version "
        + o.apiVersion + ")");
    SuiteResult result = b.build().run(r -> out.println(TextReport.line(r, o.verbose)));
    out.println();
    out.print(TextReport.table(result));
    if (o.junitXml != null) {
      try {
        JunitXmlWriter.write(result, o.junitXml, "osb-conformance");
        out.println("JUnit XML report: " + o.junitXml);
      } catch (IOException e) {
        err.println("error: cannot write " + o.junitXml + ": " + e.getMessage());
      }
    }
    out.println(result.summary());
    out.flush();
    return result.failed() == 0 ? OK : FAILED;
  }

  static String usage() {
    return String.join("\n",
        "usage: java -jar broker-testkit-<version>-cli.jar --url URL",
        "           [--username U --password P | --bearer TOKEN | --iam-url URL --api-key KEY]",
        "           [--api-version 2.17] [--skip NAME...] [--junit-xml FILE]",
        "           [--parallelism 4] [--async-timeout 60] [--no-bluemix] [--concurrency]",
        "           [--requires-app] [--verbose]",
        "  --skip takes rule ids (all their checks) or check names, space- or comma-separated.",
        "  OSB_PASSWORD / OSB_API_KEY in the environment replace --password / --api-key.",
        "  Exit code: 0 nothing failed, 1 a check failed, 2 usage error.");
  }
}

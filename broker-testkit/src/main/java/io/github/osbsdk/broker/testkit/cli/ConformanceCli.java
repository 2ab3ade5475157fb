package io.github.osbsdk.broker.testkit.cli;

import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.SuiteResult;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import io.github.osbsdk.broker.testkit.internal.check.Front;
import io.github.osbsdk.broker.testkit.internal.report.JunitXmlWriter;
import io.github.osbsdk.broker.testkit.internal.report.TextReport;
import io.github.osbsdk.broker.testkit.internal.run.Preflight;
import io.github.osbsdk.broker.testkit.internal.run.SuiteFront;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Command line runner of the conformance suite against a deployed broker:
 *
 * <pre>
 * java -jar broker-testkit-VERSION-cli.jar --url URL [--url URL2 ...]
 *     [--username U --password P | --bearer TOKEN | --iam-url U --api-key K
 *      | --iam-simulator PORT --iam-identity IAM_ID]
 *     [--api-version 2.17] [--skip NAME...] [--junit-xml FILE] [capability flags]
 * </pre>
 *
 * <p>{@code --help} lists every flag; the capability flags set each {@code Capabilities}
 * setting.
 *
 * <p>Prints one line per check, a summary table and, last, {@code N passed, M failed, K skipped}.
 * Exit code 0 when nothing failed, 1 when a check failed, 2 on usage errors (an unknown flag,
 * named with the flags close to it, a flag without its value or with a value it refuses, a
 * flag given twice that does not add to a list, a {@code --skip} naming no rule and no check of
 * the run included, found before any check), 3 when the broker
 * refuses the credentials (401 or 403 to the first call: nothing else runs) or IAM refuses the
 * API key of {@code --api-key} (400, 401 or 403 to the token request), 4 when a broker URL (or
 * the IAM URL the kit gets its token from) cannot be reached before any check, or IAM gives no
 * token for another reason (a 5xx, a timeout, an answer that is no token), 5 when every
 * check passed but the {@code --junit-xml} report could not be written (a failed check still
 * exits 1), 6 when a broker URL answers the first call with no OSB catalog (a wrong base path's
 * 404, an HTML page, any other status: nothing else runs), 130 when the run is interrupted
 * (Ctrl-C): the running checks first delete what they created.
 */
public final class ConformanceCli {
  /** Exit code when every check passed or was skipped. */
  public static final int OK = 0;
  /** Exit code when at least one check failed. */
  public static final int FAILED = 1;
  /** Exit code for a command line that cannot be run. */
  public static final int USAGE = 2;
  /**
   * Exit code when the broker refuses the configured credentials (401, or 403: known but not
   * allowed) before any check, or IAM refuses the API key of {@code --api-key} (400, 401 or 403
   * to the token request).
   */
  public static final int CREDENTIALS_REFUSED = 3;
  /**
   * Exit code when a broker URL, or the IAM URL of {@code --iam-url}, cannot be reached
   * (connection refused, unknown host, timeout) when the kit first asks for the catalog, or IAM
   * answers the token request with no token for another reason than a refused key (a 5xx, a
   * body that is no token).
   */
  public static final int UNREACHABLE = 4;
  /**
   * Exit code when no check failed but the {@code --junit-xml} report could not be written, so
   * that a pipeline reading the report does not take its absence for success.
   */
  public static final int REPORT_NOT_WRITTEN = 5;
  /**
   * Exit code when a broker URL answers {@code GET /v2/catalog}, before any check, with
   * something other than an OSB catalog: another status than 200 (a 404 of a wrong base path),
   * or a 200 that is not a JSON object with a {@code services} array (an HTML page).
   */
  public static final int NO_CATALOG = 6;
  /**
   * Exit code when the run is interrupted (Ctrl-C, a CI job's cancel): checks not started do not
   * run, and the running ones delete the instances and bindings they created before the kit
   * exits.
   */
  public static final int INTERRUPTED = 130;

  private ConformanceCli() {}

  /**
   * Runs the kit from the command line against the broker at the URLs the arguments give.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      // the CLI jar ships no SLF4J binding; its "no providers" notice is noise here
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    // Ctrl-C (or SIGTERM) runs this hook: it stops the run and waits while the running checks
    // delete what they created, instead of the JVM ending with instances left on the broker
    Thread runner = Thread.currentThread();
    CountDownLatch ended = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      runner.interrupt();
      try {
        ended.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "osb-conformance-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    int code;
    try {
      code = run(args, System.getenv(), System.out, System.err);
    } finally {
      ended.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      return; // interrupted: the JVM ends when the hook returns
    }
    System.exit(code);
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
      // the mistake first, in one line, then the synopsis: the error stays in sight
      err.println("error: " + e.getMessage());
      err.println(synopsis());
      err.println("  --help says what each flag does; exit code " + USAGE + ": usage error");
      return USAGE;
    }
    if (o.help) {
      out.println(usage());
      return OK;
    }
    // messages of the run name the flags, not the Java API
    ConformanceSuite.Builder b = SuiteFront.set(ConformanceSuite.builder(), Front.CLI)
        .urls(o.urls).apiVersion(o.apiVersion)
        .skip(o.skips.toArray(String[]::new)).parallelism(o.parallelism)
        .asyncTimeout(Duration.ofSeconds(o.asyncTimeoutSeconds))
        .requestTimeout(Duration.ofSeconds(o.requestTimeoutSeconds))
        .capabilities(capabilities(o));
    if (o.username != null) {
      b.basicAuth(o.username, o.password);
    } else if (o.bearer != null) {
      b.bearer(o.bearer);
    } else if (o.apiKey != null) {
      b.iamApiKey(o.iamUrl, o.apiKey);
    }
    IamSimulator simulator = null;
    if (o.iamSimulatorPort != null) {
      try {
        simulator = IamSimulator.start(o.iamSimulatorPort);
      } catch (java.io.UncheckedIOException e) {
        err.println("error: --iam-simulator " + o.iamSimulatorPort + ": " + e.getMessage()
            + (e.getCause() instanceof java.net.BindException
                ? ": the port is in use (or not allowed); pick a free one"
                : ": " + e.getCause()));
        return USAGE;
      }
      out.println("IAM simulator on " + simulator.baseUrl() + " (the broker's IAM URL; it must"
          + " allow " + o.iamIdentity + ")");
      b.iamSimulator(simulator, o.iamIdentity);
    }
    try {
      return run(o, b, out, err);
    } finally {
      if (simulator != null) {
        simulator.close();
      }
    }
  }

  private static int run(CliOptions o, ConformanceSuite.Builder b, PrintStream out,
      PrintStream err) {
    out.println("OSB conformance suite against " + String.join(", ",
        o.urls.stream().map(Object::toString).toList()) + " (X-Broker-API-Version "
        + o.apiVersion + ")");
    // the run asks every URL for the catalog first; a stop there becomes the exit code
    AtomicReference<Preflight.Stop> stopped = new AtomicReference<>();
    SuiteFront.onStop(b, stopped::set);
    SuiteResult result;
    try {
      result = b.build().run(r -> out.println(TextReport.line(r, o.verbose)));
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      // a skip naming no rule or check, an --async-plan or --provision-parameters or
      // --bind-parameters naming no plan: found before any check
      return USAGE;
    } catch (IllegalStateException e) {
      if (!Thread.currentThread().isInterrupted()) {
        throw e;
      }
      err.println("error: interrupted: the run stopped; the checks that were running deleted"
          + " what they had created, the checks not reported above did not run");
      out.flush();
      return INTERRUPTED;
    }
    Preflight.Stop stop = stopped.get();
    if (stop != null) {
      err.println("error: " + stop.message());
      out.println("0 passed, 0 failed, 0 skipped");
      return switch (stop.kind()) {
        case CREDENTIALS_REFUSED -> CREDENTIALS_REFUSED;
        case UNREACHABLE -> UNREACHABLE;
        case NO_CATALOG -> NO_CATALOG;
      };
    }
    out.println();
    out.print(TextReport.table(result));
    boolean written = true;
    if (o.junitXml != null) {
      try {
        JunitXmlWriter.write(result, o.junitXml, "osb-conformance");
        out.println("JUnit XML report: " + o.junitXml);
      } catch (IOException | RuntimeException e) {
        err.println("error: cannot write the JUnit XML report " + o.junitXml + ": " + e);
        written = false;
      }
    }
    out.println(result.summary());
    out.flush();
    return result.failed() != 0 ? FAILED : written ? OK : REPORT_NOT_WRITTEN;
  }

  /** Every {@code Capabilities} setting from its flag; unset flags leave the catalog's word. */
  static Capabilities capabilities(CliOptions o) {
    Capabilities.Builder c = Capabilities.builder().bluemix(o.bluemix).concurrency(o.concurrency)
        .requiresApp(o.requiresApp).asyncOnlyPlans(o.asyncPlans.toArray(String[]::new));
    if (o.update != null) {
      c.update(o.update);
    }
    if (o.instancesRetrievable != null) {
      c.instancesRetrievable(o.instancesRetrievable);
    }
    if (o.bindingsRetrievable != null) {
      c.bindingsRetrievable(o.bindingsRetrievable);
    }
    if (o.bindings != null) {
      c.bindings(o.bindings);
    }
    if (o.dashboardUrl != null) {
      c.dashboardUrl(o.dashboardUrl);
    }
    if (o.rotation != null) {
      c.rotation(o.rotation);
    }
    if (o.bindingCredentials != null) {
      c.bindingCredentials(o.bindingCredentials);
    }
    o.provisionParameters.forEach(c::provisionParameters);
    o.bindParameters.forEach(c::bindParameters);
    return c.build();
  }

  /** The synopsis: every flag, without what each does. */
  static String synopsis() {
    return String.join("\n",
        "usage: java -jar broker-testkit-<version>-cli.jar --url URL [--url URL2 ...]",
        "           [--username U --password P | --bearer TOKEN | --iam-url URL --api-key KEY",
        "            | --iam-simulator PORT --iam-identity IAM_ID]",
        "           [--api-version 2.17] [--skip NAME...] [--junit-xml FILE]",
        "           [--parallelism 8] [--async-timeout 60] [--request-timeout 10]",
        "           [--verbose] [--help]",
        "           [--async-plan PLAN_ID[,PLAN_ID...]] [--concurrency] [--requires-app]",
        "           [--[no-]update] [--[no-]instances-retrievable] [--[no-]bindings-retrievable]",
        "           [--[no-]bindings] [--[no-]dashboard-url] [--[no-]rotation] [--[no-]bluemix]",
        "           [--[no-]binding-credentials]",
        "           [--provision-parameters PLAN_ID=JSON] [--bind-parameters PLAN_ID=JSON]");
  }

  /** What {@code --help} prints: the synopsis and what the flags do. */
  static String usage() {
    return String.join("\n", synopsis(),
        "  Several --url: replicas of one broker; requests go to each in turn (round robin) and",
        "    the replicas.* rules check that what one accepted, the others know: each of",
        "    their steps after the first goes to the next of the other replicas (B, C, ...).",
        "  --skip takes rule ids (all their checks) or check names, space- or comma-separated;",
        "    one naming no rule or check of the run is a usage error (nothing is run), like a",
        "    plan id of --async-plan, --provision-parameters or --bind-parameters that is no",
        "    plan of the catalog.",
        "  --async-timeout: longest wait in seconds for one asynchronous operation (at most",
        "    " + ConformanceSuite.Builder.MAX_ASYNC_TIMEOUT.toSeconds() + ", "
            + ConformanceSuite.Builder.MAX_ASYNC_TIMEOUT.toHours() + " hours);",
        "    --request-timeout: for one request, answer included (also the IAM token's), 1 to",
        "    " + ConformanceSuite.Builder.MAX_REQUEST_TIMEOUT.toSeconds()
            + " seconds; --parallelism: checks at once, 1 to "
            + ConformanceSuite.Builder.MAX_PARALLELISM + ".",
        "  Capability flags override the catalog; unset ones take it from the catalog.",
        "  --binding-credentials: the broker generates binding credentials, so a synchronous",
        "    bind's 201 and the fetch of a binding created asynchronously must carry them",
        "    (unset: the fetch's are inferred from a synchronous bind of the service, and a",
        "    service whose plans all bind asynchronously is not asked).",
        "  --iam-simulator starts an IAM simulator on 127.0.0.1:PORT (make it the broker's IAM",
        "    URL, allow IAM_ID): the kit mints tokens and also checks expired tokens, tokens of",
        "    a foreign key and of an identity that is not allowed (iam.* rules).",
        "  Every option with a value also takes it after '=' (e.g. --password=VALUE); a value",
        "    that starts with two dashes goes only that way. Only --url, --skip, --async-plan,",
        "    --provision-parameters and --bind-parameters (once per plan) may be repeated.",
        "  OSB_PASSWORD / OSB_API_KEY in the environment replace --password / --api-key.",
        "  Exit code: 0 nothing failed, 1 a check failed, 2 usage error, 3 credentials refused",
        "    (by the broker, or the --api-key by IAM: 400/401/403), 4 a URL cannot be reached",
        "    (or IAM gives no token: 5xx, timeout, no token in the answer), 5 the --junit-xml",
        "    report could not be written, 6 a URL",
        "    answers GET /v2/catalog with no OSB catalog (wrong base path, HTML page, 5xx),",
        "    130 interrupted (Ctrl-C; the running checks first delete what they created).");
  }
}

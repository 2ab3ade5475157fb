package io.github.osbsdk.broker.testkit.internal.run;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.CheckResult;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.SuiteResult;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.internal.check.CatalogView;
import io.github.osbsdk.broker.testkit.internal.check.Check;
import io.github.osbsdk.broker.testkit.internal.check.CheckContext;
import io.github.osbsdk.broker.testkit.internal.check.CheckFailure;
import io.github.osbsdk.broker.testkit.internal.check.NotApplicable;
import io.github.osbsdk.broker.testkit.internal.check.Planner;
import io.github.osbsdk.broker.testkit.internal.check.SuiteSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Plans the checks from the catalog and runs them, in parallel, reporting in plan order. */
public final class SuiteRunner {
  private SuiteRunner() {}

  /**
   * @param settings the run's settings
   * @param skips rule ids or check names to skip
   * @param parallelism how many checks run at once
   * @param listener told of every result, in plan order
   * @param onStop when not null, takes the stop of a broker that answers no catalog instead of
   *     the failed {@code catalog.status} result (the command line turns it into its exit code)
   * @return the result; when the broker answers no catalog to the run's credentials (cannot be
   *     reached, 401 or 403, another status, no OSB catalog), only a failed
   *     {@code catalog.status} saying why (no result at all when {@code onStop} took the stop),
   *     and no check runs
   * @throws IllegalArgumentException when a skip is neither a rule id nor a planned check's name,
   *     or a plan id of the capabilities (async-only plans, provision or bind parameters) is no
   *     plan of the catalog (before any check runs)
   */
  public static SuiteResult run(SuiteSettings settings, Set<String> skips, int parallelism,
      Consumer<CheckResult> listener, Consumer<Preflight.Stop> onStop) {
    long start = System.nanoTime();
    Preflight.Outcome preflight = Preflight.check(settings.client(), settings.front());
    Preflight.Stop stop = preflight.stop();
    if (stop != null) {
      Duration duration = Duration.ofNanos(System.nanoTime() - start);
      if (onStop != null) {
        onStop.accept(stop);
        return new SuiteResult(List.of(), duration);
      }
      CheckResult stopped = stopped(stop, duration);
      listener.accept(stopped);
      return new SuiteResult(List.of(stopped), stopped.duration());
    }
    // the first replica's answer of the preflight: null when unreadable, the checks report it
    Catalog catalog = preflight.catalog() == null ? null : preflight.catalog().body();
    CatalogView view = CatalogView.of(catalog, settings.capabilities());
    List<Check> checks = Planner.plan(view);
    SkipNames.requireKnown(skips, checks, catalog != null);
    if (catalog != null) {
      requireDeclaredPlans(view);
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
      Thread t = new Thread(r, "osb-conformance-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    List<CheckResult> results = new ArrayList<>();
    try {
      List<Future<CheckResult>> futures = new ArrayList<>();
      for (Check c : checks) {
        if (skips.contains(c.rule().id()) || skips.contains(c.name())) {
          futures.add(CompletableFuture.completedFuture(result(c, CheckResult.Status.SKIPPED,
              "skipped on request", null, Duration.ZERO)));
        } else {
          futures.add(pool.submit(() -> execute(c, settings)));
        }
      }
      for (Future<CheckResult> f : futures) {
        CheckResult r = f.get();
        results.add(r);
        listener.accept(r);
      }
    } catch (InterruptedException e) {
      // Ctrl-C of the command line, a test's timeout: checks not started never start, the
      // running ones stop and delete what they created before the run ends
      pool.shutdownNow();
      awaitCleanups(pool, settings.asyncTimeout());
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a check crashed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new SuiteResult(results, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Waits for the interrupted checks to finish their cleanups: at most twice the async timeout
   * (a cleanup may wait for a running operation, then for its own delete), and half a minute.
   */
  private static void awaitCleanups(ExecutorService pool, Duration asyncTimeout) {
    try {
      pool.awaitTermination(asyncTimeout.multipliedBy(2).plusSeconds(30).toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (InterruptedException again) {
      // interrupted once more: stop waiting
    }
  }

  /**
   * Refuses plan ids of the capabilities (async-only plans, provision or bind parameters) that
   * are no plan of the catalog (a typo): the rules that need them would be skipped as not
   * applicable, or run with generated parameters, and the run pass without checking what the
   * user meant.
   */
  private static void requireDeclaredPlans(CatalogView view) {
    Set<String> ids = new LinkedHashSet<>();
    view.plans().forEach(p -> ids.add(p.planId()));
    Capabilities caps = view.capabilities();
    List<String> problems = new ArrayList<>();
    unknownPlans("asyncOnlyPlans (--async-plan)", caps.asyncOnlyPlans(), ids, problems);
    unknownPlans("provisionParameters (--provision-parameters)", caps.provisionParametersPlans(),
        ids, problems);
    unknownPlans("bindParameters (--bind-parameters)", caps.bindParametersPlans(), ids,
        problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems) + "; nothing was run."
          + " Plan ids: " + String.join(", ", view.plans().stream().map(p -> p.planId() + " ("
              + p.label() + ")").toList()));
    }
  }

  private static void unknownPlans(String setting, Set<String> given, Set<String> known,
      List<String> problems) {
    List<String> unknown = given.stream().filter(id -> !known.contains(id))
        .map(id -> "'" + id + "'").toList();
    if (!unknown.isEmpty()) {
      problems.add(setting + " names no plan of the catalog: " + String.join(", ", unknown));
    }
  }

  /**
   * The one result of a run that stopped before any check: the broker answered no catalog to
   * the run's credentials, so {@code catalog.status} fails, whatever the skips say.
   */
  private static CheckResult stopped(Preflight.Stop stop, Duration duration) {
    Rule rule = Rule.CATALOG_STATUS;
    OsbResponse<?> evidence = stop.evidence();
    return new CheckResult(rule.id(), rule.id(), rule.specSection(), CheckResult.Status.FAILED,
        stop.message() + " [rule: " + rule.description() + "]",
        evidence == null ? "" : evidence.request().describe(),
        evidence == null ? "" : evidence.describe(), duration);
  }

  /**
   * Runs one check and cleans up after it.
   *
   * @param c the check
   * @param settings the settings
   * @return its result
   */
  public static CheckResult execute(Check c, SuiteSettings settings) {
    CheckContext ctx = new CheckContext(settings);
    long start = System.nanoTime();
    CheckResult.Status status;
    String message = "";
    OsbResponse<?> evidence = null;
    try {
      c.body().run(ctx);
      status = CheckResult.Status.PASSED;
    } catch (CheckFailure f) {
      status = CheckResult.Status.FAILED;
      message = f.getMessage();
      evidence = f.evidence();
    } catch (NotApplicable na) {
      status = CheckResult.Status.SKIPPED;
      message = "not applicable: " + na.getMessage();
    } catch (Exception | AssertionError e) {
      status = CheckResult.Status.FAILED;
      message = "unexpected error: " + e;
    } finally {
      // an interrupted check (the run was stopped) still deletes what it created: its requests
      // would fail at once while the thread is marked interrupted
      boolean interrupted = Thread.interrupted();
      ctx.cleanup();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return result(c, status, message, evidence, Duration.ofNanos(System.nanoTime() - start));
  }

  private static CheckResult result(Check c, CheckResult.Status status, String message,
      OsbResponse<?> evidence, Duration duration) {
    return new CheckResult(c.name(), c.rule().id(), c.rule().specSection(), status,
        status == CheckResult.Status.FAILED ? message + " [rule: " + c.rule().description() + "]"
            : message,
        evidence == null ? "" : evidence.request().describe(),
        evidence == null ? "" : evidence.describe(), duration);
  }
}

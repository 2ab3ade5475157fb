package io.github.osbsdk.broker.testkit;

import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the conformance suite in a provider's JUnit 5 build: one dynamic test per check, named
 * after the check (rule id and plan), so a failure names the rule. Subclass it and say where the
 * broker is:
 *
 * <pre>{@code
 * class MyBrokerConformanceTest extends AbstractConformanceTest {
 *   @Override
 *   protected ConformanceSuite suite() {
 *     Broker broker = Broker.builder(new MyServiceBroker())
 *         .authenticator(BasicAuthenticator.of("user", "secret")).build();
 *     return ConformanceSuite.builder().inProcess(broker).basicAuth("user", "secret")
 *         .skip(Rule.CATALOG_ETAG)     // known failures
 *         .build();
 *   }
 * }
 * }</pre>
 *
 * <p>The suite runs once (checks in parallel) when JUnit asks for the tests; each dynamic test
 * then reports its check: passed, failed with the full explanation, or aborted when skipped. A
 * broker URL that answers no catalog (unreachable, credentials refused, a wrong base path) gives
 * a single failing {@code catalog.status} test saying why.
 * {@code inProcess} needs Jersey + Grizzly on the test classpath (see
 * {@link ConformanceSuite.Builder#inProcess}), and the run closes the broker handed to
 * {@code inProcess} (close what you passed to its builder, such as a PostgreSQL store and its
 * pool, in an {@code @AfterEach}); for replicas use
 * {@link ConformanceSuite.Builder#urls}. Surefire shows the check names only when it reports
 * JUnit display names ({@code usePhrasedTestCaseMethodName}, see the README); otherwise it
 * numbers the tests {@code conformance()[1..n]}.
 */
public abstract class AbstractConformanceTest {
  /** For subclasses. */
  protected AbstractConformanceTest() {}

  /**
   * The suite the JUnit test runs against your broker, one dynamic test per check.
   *
   * @return the configured suite to run
   */
  protected abstract ConformanceSuite suite();

  /** @return one dynamic test per check */
  @TestFactory
  Stream<DynamicTest> conformance() {
    SuiteResult result = suite().run();
    System.out.println("OSB conformance: " + result.summary() + " in "
        + result.duration().toMillis() + " ms");
    result.results().stream().filter(r -> !r.isPassed())
        .forEach(r -> System.out.println("  " + r.status() + " " + r.name() + ": " + r.message()));
    return result.results().stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> {
      if (r.isSkipped()) {
        Assumptions.abort(r.message());
      }
      if (r.isFailed()) {
        throw new AssertionError(r.describe());
      }
    }));
  }
}

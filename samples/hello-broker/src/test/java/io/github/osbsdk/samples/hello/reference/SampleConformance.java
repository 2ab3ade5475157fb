package io.github.osbsdk.samples.hello.reference;

import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.SuiteResult;
import io.github.osbsdk.samples.hello.HelloCatalog;
import java.net.URI;

/** The conformance run every container of the matrix makes against the hello-kv sample. */
public final class SampleConformance {
  private SampleConformance() {}

  /**
   * Runs the suite against hello-kv with basic auth ({@link ContainerReferenceChecks#USER}).
   *
   * @param baseUri where the sample runs
   * @return the result
   */
  public static SuiteResult run(URI baseUri) {
    SuiteResult result = ConformanceSuite.builder()
        .url(baseUri)
        .basicAuth(ContainerReferenceChecks.USER, ContainerReferenceChecks.PASSWORD)
        .apiVersion("2.17")
        .capabilities(Capabilities.builder()
            .asyncOnlyPlans(HelloCatalog.ASYNC_PLAN_ID)
            .dashboardUrl(true)
            .update(true) // parameter updates (label) on every plan, also 'async'
            .concurrency(true) // the SDK's tracker refuses a mutation while 'async' provisions
            .build())
        .build()
        .run();
    System.out.println(result.summary());
    return result;
  }
}

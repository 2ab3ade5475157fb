package io.github.osbsdk.broker.metering;

import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Shared test data and a reporter wired to a simulator with short timeouts. */
final class Fixtures {
  static final String RESOURCE = "hello-service-id";
  static final String OTHER_RESOURCE = "other-service-id";
  static final String PLAN = "metered";
  static final String OTHER_PLAN = "metered-other";
  static final MeteredPlans PLANS = MeteredPlans.of(
      MeteredPlan.of(RESOURCE, PLAN, "API_CALL", "INSTANCE_GB"),
      MeteredPlan.of(OTHER_RESOURCE, OTHER_PLAN, "API_CALL"));

  /**
   * The start of the hour these tests began in: the end of every {@link #record}'s window counts
   * back from it, not from the clock at each call, so that two records a test builds with the
   * same arguments have the same window (and key) even when an hour ends between the two calls.
   */
  private static final Instant THIS_HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS);

  private Fixtures() {
  }

  static String crn(int i) {
    return "crn:v1:bluemix:public:hello:us-south:a/acc:inst-" + i + "::";
  }

  /** A past hour window, so records validate: the same one at every call with these arguments. */
  static UsageRecord record(String instance, int hoursAgo, double calls) {
    Instant end = THIS_HOUR.minus(Duration.ofHours(hoursAgo));
    return UsageRecord.builder(instance, PLAN).window(end.minus(Duration.ofHours(1)), end)
        .measure("API_CALL", calls).build();
  }

  /** How many records a usage request body holds. */
  static int recordsIn(byte[] body) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).size();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static UsageReporter.Builder reporter(MeteringSimulator sim) {
    return reporter(sim, PLANS);
  }

  /** A reporter of {@code plans} to the simulator, with this class's short timeouts. */
  static UsageReporter.Builder reporter(MeteringSimulator sim, MeteredPlans plans) {
    return UsageReporter.builder(plans)
        .baseUrl(sim.baseUrl())
        .tokenSource(() -> "test-token")
        .requestTimeout(Duration.ofMillis(1500))
        .lease(Duration.ofSeconds(10))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .pollInterval(Duration.ofMillis(50))
        .flushTimeout(Duration.ofSeconds(5));
  }
}

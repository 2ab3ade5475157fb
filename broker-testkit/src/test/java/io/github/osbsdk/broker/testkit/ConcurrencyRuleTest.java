package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.support.StubServer;
import io.github.osbsdk.broker.testkit.support.StubServer.Reply;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The concurrency.error rule on a loaded machine: a correct broker's async provision may end
 * before the kit's update arrives, and that update's 200 proves nothing either way.
 */
class ConcurrencyRuleTest {
  private static final String CATALOG = "{\"services\":[{\"id\":\"svc\",\"name\":\"quick\","
      + "\"description\":\"d\",\"bindable\":false,\"plan_updateable\":true,"
      + "\"plans\":[{\"id\":\"p\",\"name\":\"quick\",\"description\":\"d\"}]}]}";
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
  private static final String CONFLICT =
      "{\"error\":\"ConcurrencyError\",\"description\":\"busy\"}";

  /**
   * A broker whose provisions answer 202 and whose last_operation answers {@code state}; its
   * first {@code racedUpdates} updates answer 200 (the provision had ended), later ones 422.
   */
  private static StubServer broker(String state, int racedUpdates, AtomicInteger updates)
      throws IOException {
    StubServer broker = new StubServer();
    broker.catalog = CATALOG;
    broker.handler = seen -> {
      if (seen.rawPath().endsWith("/last_operation")) {
        return new Reply(200, "{\"state\":\"" + state + "\"}", JSON);
      }
      if (seen.method().equals("PATCH")) {
        return updates.incrementAndGet() <= racedUpdates ? new Reply(200, "{}", JSON)
            : new Reply(422, CONFLICT, JSON);
      }
      return seen.method().equals("PUT") ? new Reply(202, "{\"operation\":\"op\"}", JSON)
          : new Reply(200, "{}", JSON);
    };
    return broker;
  }

  private static CheckResult runConcurrencyRule(StubServer broker) {
    return runConcurrencyRule(broker, true);
  }

  private static CheckResult runConcurrencyRule(StubServer broker, boolean declared) {
    String[] others = Arrays.stream(Rule.values()).map(Rule::id)
        .filter(id -> !id.equals("concurrency.error")).toArray(String[]::new);
    SuiteResult result = ConformanceSuite.builder().url(broker.url()).skip(others)
        .capabilities(Capabilities.builder().concurrency(declared).bluemix(false).build())
        .build().run();
    return result.results().stream().filter(r -> r.ruleId().equals("concurrency.error"))
        .findFirst().orElseThrow();
  }

  @Test
  void anUpdateAcceptedAfterTheProvisionEndedIsTriedAgainNotFailed() throws Exception {
    AtomicInteger updates = new AtomicInteger();
    try (StubServer broker = broker("succeeded", 1, updates)) {
      CheckResult check = runConcurrencyRule(broker);

      assertThat(check.status()).as(check.message()).isEqualTo(CheckResult.Status.PASSED);
      assertThat(updates).hasValue(2);
    }
  }

  @Test
  void anUpdateAcceptedWhileTheProvisionStillRunsFailsAtOnce() throws Exception {
    AtomicInteger updates = new AtomicInteger();
    try (StubServer broker = broker("in progress", Integer.MAX_VALUE, updates)) {
      CheckResult check = runConcurrencyRule(broker);

      assertThat(check.status()).isEqualTo(CheckResult.Status.FAILED);
      assertThat(check.message()).contains("422");
      assertThat(updates).hasValue(1);
    }
  }

  @Test
  void aProvisionEndingBeforeEveryUpdateIsNotApplicableAfterThreeAttempts() throws Exception {
    AtomicInteger updates = new AtomicInteger();
    try (StubServer broker = broker("succeeded", Integer.MAX_VALUE, updates)) {
      CheckResult check = runConcurrencyRule(broker);

      assertThat(check.status()).as(check.message())
          .isEqualTo(CheckResult.Status.SKIPPED);
      assertThat(check.message()).contains("ended before");
      assertThat(updates).hasValue(3);
    }
  }

  /** A broker answering every provision {@code provisionStatus}, everything else 200 {}. */
  private static StubServer provisioning(int provisionStatus) throws IOException {
    StubServer broker = new StubServer();
    broker.catalog = CATALOG;
    broker.handler = seen -> seen.method().equals("PUT")
        ? new Reply(provisionStatus, provisionStatus == 400 ? "{\"description\":\"no\"}"
            : provisionStatus == 202 ? "{\"operation\":\"op\"}" : "{}", JSON)
        : new Reply(200, "{}", JSON);
    return broker;
  }

  @Test
  void aBrokerProvisioningSynchronouslyIsNotApplicableAndTheReasonSaysWhatItAnswered()
      throws Exception {
    try (StubServer broker = provisioning(201)) {
      CheckResult check = runConcurrencyRule(broker);

      assertThat(check.status()).as(check.message()).isEqualTo(CheckResult.Status.SKIPPED);
      assertThat(check.message()).isEqualTo("not applicable: no plan provisions asynchronously:"
          + " a provision with accepts_incomplete=true got quick/quick 201");
    }
  }

  @Test
  void aProvisionThatFailsIsNamedInTheReasonNotTakenForASynchronousPlan() throws Exception {
    // the check never reached its update: the reason shows it, so a test asserting the reason
    // tells this skip from a broker without asynchronous plans
    try (StubServer broker = provisioning(400)) {
      CheckResult check = runConcurrencyRule(broker);

      assertThat(check.status()).as(check.message()).isEqualTo(CheckResult.Status.SKIPPED);
      assertThat(check.message()).endsWith("got quick/quick 400");
    }
  }

  @Test
  void concurrencyNotDeclaredIsNotApplicableWithoutARequest() throws Exception {
    try (StubServer broker = provisioning(202)) {
      CheckResult check = runConcurrencyRule(broker, false);

      assertThat(check.status()).as(check.message()).isEqualTo(CheckResult.Status.SKIPPED);
      assertThat(check.message()).startsWith("not applicable: ConcurrencyError is not declared (");
      assertThat(broker.seen).noneMatch(seen -> seen.method().equals("PUT"));
    }
  }
}

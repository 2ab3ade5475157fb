package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.support.StubServer;
import io.github.osbsdk.broker.testkit.support.StubServer.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AsyncPollingTest {
  private static final String CATALOG = "{\"services\":[{\"id\":\"svc\",\"name\":\"slow\","
      + "\"description\":\"d\",\"bindable\":false,\"plans\":[{\"id\":\"p\",\"name\":\"slow\","
      + "\"description\":\"d\",\"maximum_polling_duration\":1}]}]}";
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  /**
   * A broker with {@link #CATALOG} whose provisions answer 202 with {@code operation}, whose
   * last_operation answers {@code "in progress"} with {@code pollHeaders}, and whose other
   * requests answer 200 {@code {}}.
   */
  private static StubServer inProgressBroker(String operation, Map<String, String> pollHeaders)
      throws IOException {
    StubServer broker = new StubServer();
    broker.catalog = CATALOG;
    broker.handler = seen -> {
      if (seen.rawPath().endsWith("/last_operation")) {
        return new Reply(200, "{\"state\":\"in progress\"}", pollHeaders);
      }
      return seen.method().equals("PUT")
          ? new Reply(202, "{\"operation\":\"" + operation + "\"}", JSON)
          : new Reply(200, "{}", JSON);
    };
    return broker;
  }

  private static SuiteResult runOnly(StubServer broker, String ruleId) {
    String[] others = Arrays.stream(Rule.values()).map(Rule::id)
        .filter(id -> !id.equals(ruleId)).toArray(String[]::new);
    return ConformanceSuite.builder().url(broker.url()).skip(others)
        .maxPollInterval(Duration.ofSeconds(2)).build().run();
  }

  @Test
  void operationStuckInProgressFailsAfterMaximumPollingDurationHonouringRetryAfter()
      throws Exception {
    try (StubServer broker = inProgressBroker("op/1",
        Map.of("Content-Type", "application/json", "Retry-After", "1"))) {
      long start = System.nanoTime();

      SuiteResult result = runOnly(broker, "async.completes");

      Duration took = Duration.ofNanos(System.nanoTime() - start);
      CheckResult check = result.results().stream()
          .filter(r -> r.ruleId().equals("async.completes")).findFirst().orElseThrow();
      assertThat(check.status()).isEqualTo(CheckResult.Status.FAILED);
      assertThat(check.message()).contains("still in progress after 1 s")
          .contains("maximum_polling_duration 1 s");
      assertThat(took).isLessThan(Duration.ofSeconds(15));
      long polls = broker.seen.stream().filter(s -> s.rawPath().endsWith("/last_operation"))
          .count();
      assertThat(polls).as("Retry-After: 1 spaces the polls").isBetween(1L, 3L);
      assertThat(broker.seen).filteredOn(s -> s.rawPath().endsWith("/last_operation"))
          .allSatisfy(s -> assertThat(s.rawQuery()).contains("operation=op%2F1"));
    }
  }

  /**
   * A Retry-After that is negative, or so large that it overflows in milliseconds, is no wait
   * the kit can honour: it must back off as without one, not poll in a tight loop (nor wait for
   * ever on a huge one).
   */
  @ParameterizedTest
  @ValueSource(strings = {"-5", "9223372036854775807", "99999999999"})
  void aNegativeOrHugeRetryAfterNeitherHammersTheBrokerNorStallsTheRun(String retryAfter)
      throws Exception {
    try (StubServer broker = inProgressBroker("op",
        Map.of("Content-Type", "application/json", "Retry-After", retryAfter))) {
      long start = System.nanoTime();

      SuiteResult result = runOnly(broker, "async.completes");

      Duration took = Duration.ofNanos(System.nanoTime() - start);
      CheckResult check = result.results().stream()
          .filter(r -> r.ruleId().equals("async.completes")).findFirst().orElseThrow();
      assertThat(check.message()).as(result::report).contains("still in progress after 1 s");
      assertThat(took).isLessThan(Duration.ofSeconds(15));
      long polls = broker.seen.stream().filter(s -> s.rawPath().endsWith("/last_operation"))
          .count();
      assertThat(polls).as("polls within the plan's 1 s").isBetween(1L, 10L);
    }
  }

  /**
   * {@code Retry-After: 0} asks for no wait at all; the kit still leaves its shortest poll
   * interval (20 ms) between polls instead of asking again at once, hundreds of times a second.
   */
  @Test
  void aZeroRetryAfterDoesNotMakeTheKitPollInATightLoop() throws Exception {
    // when each answer left the stub, and how long after it the next poll came
    AtomicLong answeredAt = new AtomicLong();
    List<Long> gapsMillis = new CopyOnWriteArrayList<>();
    try (StubServer broker = new StubServer()) {
      broker.catalog = CATALOG;
      broker.handler = seen -> {
        if (seen.rawPath().endsWith("/last_operation")) {
          long now = System.nanoTime();
          long previous = answeredAt.get();
          if (previous != 0) {
            gapsMillis.add((now - previous) / 1_000_000);
          }
          answeredAt.set(System.nanoTime());
          return new Reply(200, "{\"state\":\"in progress\"}",
              Map.of("Content-Type", "application/json", "Retry-After", "0"));
        }
        return seen.method().equals("PUT") ? new Reply(202, "{\"operation\":\"op\"}", JSON)
            : new Reply(200, "{}", JSON);
      };

      SuiteResult result = runOnly(broker, "async.completes");

      CheckResult check = result.results().stream()
          .filter(r -> r.ruleId().equals("async.completes")).findFirst().orElseThrow();
      assertThat(check.message()).as(result::report).contains("still in progress after 1 s");
      assertThat(gapsMillis).as("milliseconds between an answer and the next poll")
          .isNotEmpty().allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(20L));
    }
  }

  /**
   * The plan allows an hour; the suite waits one second: the failure must say that the suite's
   * limit ran out, not suggest the broker overran its maximum_polling_duration.
   */
  @Test
  void operationOutlastingTheSuiteTimeoutIsNotBlamedOnMaximumPollingDuration() throws Exception {
    try (StubServer broker = inProgressBroker("op", JSON)) {
      broker.catalog = CATALOG.replace("\"maximum_polling_duration\":1",
          "\"maximum_polling_duration\":3600");
      String[] others = Arrays.stream(Rule.values()).map(Rule::id)
          .filter(id -> !id.equals("async.completes")).toArray(String[]::new);

      SuiteResult result = ConformanceSuite.builder().url(broker.url()).skip(others)
          .asyncTimeout(Duration.ofSeconds(1)).maxPollInterval(Duration.ofMillis(100))
          .build().run();

      CheckResult check = result.results().stream()
          .filter(r -> r.ruleId().equals("async.completes")).findFirst().orElseThrow();
      assertThat(check.message()).contains("still in progress after 1 s")
          .contains("the suite's async timeout")
          .contains("maximum_polling_duration of 3600 s");
    }
  }

  @Test
  void goneDuringDeletePollingCountsAsSuccess() throws Exception {
    try (StubServer broker = new StubServer()) {
      broker.catalog = CATALOG;
      broker.handler = seen -> {
        if (seen.rawPath().endsWith("/last_operation")) {
          return new Reply(410, "{}", JSON);
        }
        if (seen.method().equals("PUT")) {
          return new Reply(201, "{}", JSON);
        }
        return seen.method().equals("DELETE") ? new Reply(202, "{\"operation\":\"del\"}", JSON)
            : new Reply(404, "{}", JSON);
      };

      SuiteResult result = runOnly(broker, "last-operation.gone-after-delete");

      assertThat(result.failed()).as(result::report).isZero();
      assertThat(result.passed()).isEqualTo(1);
    }
  }
}

package io.github.osbsdk.broker.testkit.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.CheckResult;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.SuiteResult;
import io.github.osbsdk.broker.testkit.support.StubServer;
import io.github.osbsdk.broker.testkit.support.YesBroker;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code replicas.binding} lets the fetch on replica A leave out the credentials that the fetch
 * on replica B just answered (a broker may return them only once). That must not let B answer
 * credentials other than those the synchronous bind on A returned: A, which returned them with
 * the bind, then answers none, and the two fetches no longer show that B's are made up.
 */
class ReplicaBindingCredentialsTest {
  @Test
  void aSecondReplicaThatAnswersMadeUpCredentialsFailsReplicasBinding() {
    SuiteResult result;
    try (ReferenceBroker broker = ReferenceBroker.start(
        MutationSet.of(Probe.REPLICA_FETCH_OTHER_CREDENTIALS), Duration.ofMillis(40))) {
      result = ConformanceSuite.builder()
          .skip(Arrays.stream(Rule.values()).map(Rule::id)
              .filter(id -> !id.equals("replicas.binding")).toArray(String[]::new))
          .urls(List.of(broker.url(), broker.replicaUrl()))
          .basicAuth(ReferenceBroker.USERNAME, ReferenceBroker.PASSWORD)
          .capabilities(Capabilities.builder().asyncOnlyPlans(RefCatalog.ASYNC_PLAN)
              .concurrency(true).requiresApp(true).build())
          .asyncTimeout(Duration.ofSeconds(10))
          .maxPollInterval(Duration.ofMillis(100))
          .build().run();
    }
    // before the loosening (d02dbebb, 317ef05f): A's fetch (none) and B's (made up) differed
    assertThat(result.failedRuleIds()).as(result::report).containsExactly("replicas.binding");
    CheckResult binding = result.results().stream()
        .filter(r -> r.ruleId().equals("replicas.binding")).findFirst().orElseThrow();
    // the message names the key whose value differs, never the values
    assertThat(binding.message()).contains("replica B").contains("'password'");
    assertThat(binding.message() + binding.describe())
        .doesNotContain("made-up-by-the-second-replica");
  }

  @Test
  void aSecondReplicaThatRepeatsABindWithMadeUpCredentialsFailsReplicasBinding() {
    SuiteResult result = replicasBindingOnly(
        MutationSet.of(Probe.REPLICA_REPEAT_OTHER_CREDENTIALS));
    // before: the identical bind on replica B was checked for its status (200) only
    assertThat(result.failedRuleIds()).as(result::report).containsExactly("replicas.binding");
    CheckResult binding = result.results().stream()
        .filter(r -> r.ruleId().equals("replicas.binding")).findFirst().orElseThrow();
    assertThat(binding.message()).contains("identical bind on replica B").contains("'password'");
    assertThat(binding.message() + binding.describe())
        .doesNotContain("made-up-by-the-second-replica");
  }

  private static SuiteResult replicasBindingOnly(MutationSet mutations) {
    try (ReferenceBroker broker = ReferenceBroker.start(mutations, Duration.ofMillis(40))) {
      return ConformanceSuite.builder()
          .skip(Arrays.stream(Rule.values()).map(Rule::id)
              .filter(id -> !id.equals("replicas.binding")).toArray(String[]::new))
          .urls(broker.urls(2))
          .basicAuth(ReferenceBroker.USERNAME, ReferenceBroker.PASSWORD)
          .capabilities(Capabilities.builder().asyncOnlyPlans(RefCatalog.ASYNC_PLAN)
              .concurrency(true).requiresApp(true).build())
          .asyncTimeout(Duration.ofSeconds(10))
          .maxPollInterval(Duration.ofMillis(100))
          .build().run();
    }
  }

  @Test
  void replicasAnsweringTheirOwnCredentialsForAnAsyncBindingFailReplicasBinding()
      throws IOException {
    SuiteResult result;
    try (StubServer a = asyncReplica("A"); StubServer b = asyncReplica("B")) {
      result = ConformanceSuite.builder()
          .skip(Arrays.stream(Rule.values()).map(Rule::id)
              .filter(id -> !id.equals("replicas.binding")).toArray(String[]::new))
          .urls(List.of(a.url(), b.url())).basicAuth("u", "p")
          .asyncTimeout(Duration.ofSeconds(10))
          .maxPollInterval(Duration.ofMillis(50)).build().run();
    }
    // no bind returned credentials to compare with: the two fetches are compared
    assertThat(result.failedRuleIds()).as(result::report).containsExactly("replicas.binding");
    CheckResult binding = result.results().stream()
        .filter(r -> r.ruleId().equals("replicas.binding")).findFirst().orElseThrow();
    assertThat(binding.message()).contains("answers differently").contains("'password'");
    assertThat(binding.message() + binding.describe()).doesNotContain("own-secret-of-");
  }

  /**
   * A replica that binds asynchronously (202, then succeeded) and answers every fetch of a
   * binding with credentials of its own.
   */
  private static StubServer asyncReplica(String name) throws IOException {
    StubServer s = YesBroker.start();
    s.handler = seen -> {
      boolean binding = seen.rawPath().contains("/service_bindings/");
      String body;
      int status = 200;
      if (binding && seen.rawPath().endsWith("/last_operation")) {
        body = "{\"state\":\"succeeded\"}";
      } else if (binding && seen.method().equals("PUT")) {
        status = 202;
        body = "{\"operation\":\"bind\"}";
      } else if (binding && seen.method().equals("GET")) {
        body = "{\"credentials\":{\"password\":\"own-secret-of-" + name + "\"}}";
      } else {
        status = seen.method().equals("PUT") ? 201 : 200;
        body = "{}";
      }
      return new StubServer.Reply(status, body, Map.of("Content-Type", "application/json"));
    };
    return s;
  }
}

package io.github.osbsdk.broker.testkit.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.SuiteResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
        MutationSet.of(Mutation.REPLICA_FETCH_OTHER_CREDENTIALS), Duration.ofMillis(40))) {
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
  }
}

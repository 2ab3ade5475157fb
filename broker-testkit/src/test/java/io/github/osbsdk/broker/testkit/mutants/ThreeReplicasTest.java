package io.github.osbsdk.broker.testkit.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.CheckResult;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.SuiteResult;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * With three base URLs the {@code replicas.*} rules send their steps to every replica in turn,
 * not to the first two only: a third replica that keeps state of its own is found.
 */
class ThreeReplicasTest {
  private static SuiteResult runReplicaRules(MutationSet mutations) {
    try (ReferenceBroker broker = ReferenceBroker.start(mutations, Duration.ofMillis(40))) {
      return ConformanceSuite.builder()
          .skip(Arrays.stream(Rule.values()).map(Rule::id)
              .filter(id -> !id.startsWith("replicas.")).toArray(String[]::new))
          .urls(broker.urls(3))
          .basicAuth(ReferenceBroker.USERNAME, ReferenceBroker.PASSWORD)
          .capabilities(Capabilities.builder().asyncOnlyPlans(RefCatalog.ASYNC_PLAN)
              .concurrency(true).requiresApp(true).build())
          .asyncTimeout(Duration.ofSeconds(10))
          .maxPollInterval(Duration.ofMillis(100))
          .build().run();
    }
  }

  @Test
  void threeReplicasSharingTheirStatePassEveryReplicaRule() {
    SuiteResult result = runReplicaRules(MutationSet.none());
    assertThat(result.failed()).as(result::report).isZero();
    assertThat(result.results()).filteredOn(r -> r.ruleId().startsWith("replicas."))
        .hasSize(5).allMatch(CheckResult::isPassed);
  }

  @Test
  void aThirdReplicaKeepingItsOwnStateFailsEveryReplicaRuleAboutState() {
    SuiteResult result = runReplicaRules(
        MutationSet.of(Probe.THIRD_REPLICA_SHARES_NOTHING));
    // before: replicas.instance and replicas.async-operation used replicas A and B only
    assertThat(result.failedRuleIds()).as(result::report).containsExactlyInAnyOrder(
        "replicas.instance", "replicas.async-operation", "replicas.binding",
        "replicas.bluemix");
    assertThat(result.failures()).filteredOn(r -> r.ruleId().equals("replicas.instance"))
        .singleElement().satisfies(r -> assertThat(r.message()).contains("replica C"));
  }
}

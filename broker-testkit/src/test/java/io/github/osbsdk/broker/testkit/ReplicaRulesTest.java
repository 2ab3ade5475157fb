package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.testkit.internal.run.InProcessServer;
import io.github.osbsdk.broker.testkit.support.CatalogGets;
import io.github.osbsdk.broker.testkit.support.ExampleServiceBroker;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kit drives replicas: with two base URLs each step goes to the next replica, and the
 * {@code replicas.*} rules pass replicas that share their state and fail ones that don't.
 */
class ReplicaRulesTest {
  @Test
  void theSameReplicaGivenTwiceIsRefusedRatherThanComparedWithItself() {
    for (List<String> twice : List.of(List.of("http://127.0.0.1:8080", "http://127.0.0.1:8080/"),
        List.of("http://Broker.example.com/osb", "http://broker.example.com:80/osb/"))) {
      assertThatThrownBy(() -> ConformanceSuite.builder().urls(twice.stream()
          .map(java.net.URI::create).toList())).as(twice.toString())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }
    ConformanceSuite.builder().urls(List.of(java.net.URI.create("http://127.0.0.1:8080"),
        java.net.URI.create("http://127.0.0.1:8081"))).build();
  }

  private static final String[] REPLICA_RULES = {"replicas.catalog", "replicas.instance",
      "replicas.async-operation", "replicas.binding", "replicas.bluemix"};

  private static Broker broker() {
    return Broker.builder(new ExampleServiceBroker())
        .authenticator(BasicAuthenticator.of("broker", "s3cret"))
        .retryAfter(Duration.ofMillis(50)).build();
  }

  private static SuiteResult runReplicaRules(InProcessServer a, InProcessServer b) {
    String[] others = Arrays.stream(Rule.values()).map(Rule::id)
        .filter(id -> !Arrays.asList(REPLICA_RULES).contains(id)).toArray(String[]::new);
    return ConformanceSuite.builder().urls(List.of(a.baseUrl(), b.baseUrl()))
        .basicAuth("broker", "s3cret")
        .capabilities(Capabilities.builder().asyncOnlyPlans(ExampleServiceBroker.ASYNC_PLAN)
            .build())
        .skip(others).maxPollInterval(Duration.ofMillis(50)).build().run();
  }

  @Test
  void oneBrokerOnTwoPortsPassesTheReplicaRules() {
    Broker shared = broker();
    try (InProcessServer a = InProcessServer.start(shared);
        InProcessServer b = InProcessServer.start(shared)) {
      SuiteResult result = runReplicaRules(a, b);
      assertThat(result.failed()).as(result::report).isZero();
      assertThat(result.results()).filteredOn(r -> r.ruleId().startsWith("replicas."))
          .hasSize(REPLICA_RULES.length).allMatch(CheckResult::isPassed);
    }
  }

  @Test
  void oneBrokerOnThreePortsPassesTheReplicaRules() {
    // every replicas.* step after the first goes to the next replica other than A: B, C, ...
    Broker shared = broker();
    try (InProcessServer a = InProcessServer.start(shared);
        InProcessServer b = InProcessServer.start(shared);
        InProcessServer c = InProcessServer.start(shared)) {
      String[] others = Arrays.stream(Rule.values()).map(Rule::id)
          .filter(id -> !Arrays.asList(REPLICA_RULES).contains(id)).toArray(String[]::new);
      SuiteResult result = ConformanceSuite.builder()
          .urls(List.of(a.baseUrl(), b.baseUrl(), c.baseUrl()))
          .basicAuth("broker", "s3cret")
          .capabilities(Capabilities.builder().asyncOnlyPlans(ExampleServiceBroker.ASYNC_PLAN)
              .build())
          .skip(others).maxPollInterval(Duration.ofMillis(50)).build().run();
      assertThat(result.failed()).as(result::report).isZero();
      assertThat(result.results()).filteredOn(r -> r.ruleId().startsWith("replicas."))
          .hasSize(REPLICA_RULES.length).allMatch(CheckResult::isPassed);
    }
  }

  @Test
  void twoBrokersSharingNothingFailTheReplicaRules() {
    try (InProcessServer a = InProcessServer.start(broker());
        InProcessServer b = InProcessServer.start(broker())) {
      SuiteResult result = runReplicaRules(a, b);
      // replicas.bluemix too: the instance exists on one of them only, so A's PUT or B's GET
      // finds no instance, whichever replica round robin provisioned it on
      assertThat(result.failedRuleIds()).contains("replicas.instance", "replicas.binding",
          "replicas.async-operation", "replicas.bluemix");
    }
  }

  @Test
  void aRunAsksEachReplicaForTheCatalogOnceBeforeAnyCheck() {
    CatalogGets onA = new CatalogGets();
    CatalogGets onB = new CatalogGets();
    try (InProcessServer a = InProcessServer.start(CatalogGets.exampleBroker(onA));
        InProcessServer b = InProcessServer.start(CatalogGets.exampleBroker(onB))) {
      // an unknown skip stops the run after planning from the catalog, before any check
      assertThatThrownBy(() -> ConformanceSuite.builder().urls(List.of(a.baseUrl(),
          b.baseUrl())).basicAuth("broker", "s3cret").skip("no.such-rule").build().run())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no.such-rule'");
    }
    assertThat(onA.count()).as("GET /v2/catalog on the first replica").isEqualTo(1);
    assertThat(onB.count()).as("GET /v2/catalog on the second replica").isEqualTo(1);
  }

  @Test
  void oneBaseUrlMakesTheReplicaRulesNotApplicable() {
    try (InProcessServer a = InProcessServer.start(broker())) {
      SuiteResult result = ConformanceSuite.builder().url(a.baseUrl())
          .basicAuth("broker", "s3cret")
          .skip(Arrays.stream(Rule.values()).map(Rule::id)
              .filter(id -> !id.startsWith("replicas.")).toArray(String[]::new))
          .build().run();
      assertThat(result.results()).filteredOn(r -> r.ruleId().startsWith("replicas."))
          .allSatisfy(r -> assertThat(r.message()).contains("one base URL"));
    }
  }
}

package io.github.osbsdk.broker.testkit.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.CheckResult;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.SuiteResult;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Capabilities#bindingCredentials()}: the catalog does not say whether a broker generates
 * binding credentials, and the spec demands them in the fetch of a binding created
 * asynchronously only when it does. Unset, the kit infers it from a synchronous bind, which a
 * service whose binds are all asynchronous ({@link Variant#ASYNC_BINDS}) never answers; declared,
 * it decides.
 */
class DeclaredBindingCredentialsTest {
  private static SuiteResult run(MutationSet mutations, Capabilities.Builder caps) {
    try (ReferenceBroker broker = ReferenceBroker.start(mutations, Duration.ofMillis(40))) {
      return ConformanceSuite.builder()
          .urls(List.of(broker.url(), broker.replicaUrl()))
          .basicAuth(ReferenceBroker.USERNAME, ReferenceBroker.PASSWORD)
          .capabilities(caps.asyncOnlyPlans(RefCatalog.ASYNC_PLAN).concurrency(true)
              .requiresApp(true).build())
          .parallelism(8)
          .asyncTimeout(Duration.ofSeconds(10))
          .maxPollInterval(Duration.ofMillis(100))
          .build().run();
    }
  }

  private static MutationSet asyncBindsAnd(Variant variant) {
    return new MutationSet(Set.of(), Set.of(), Set.of(Variant.ASYNC_BINDS, variant));
  }

  @Test
  void asyncBindingsFetchedWithoutCredentialsFailFetchBindingOkWhenCredentialsAreDeclared() {
    SuiteResult result = run(asyncBindsAnd(Variant.NO_CREDENTIALS),
        Capabilities.builder().bindingCredentials(true));
    assertThat(result.failedRuleIds()).as(result::report).containsExactly("fetch-binding.ok");
    assertThat(result.failures()).allSatisfy(f -> assertThat(f.message())
        .contains("expected the fetched binding to carry credentials")
        .contains("Capabilities.bindingCredentials"));
  }

  @Test
  void synchronousBindsAnsweredWithoutCredentialsFailBindCreatedWhenCredentialsAreDeclared() {
    // spec.md "Binding", response body: credentials "MUST be returned if the Service Broker
    // supports generation of credentials"; the fetch and an identical repeat here carry them
    SuiteResult result = run(MutationSet.of(Probe.SYNC_BIND_WITHOUT_CREDENTIALS),
        Capabilities.builder().bindingCredentials(true));
    assertThat(result.failedRuleIds()).as(result::report).containsExactly("bind.created");
    assertThat(result.failures()).allSatisfy(f -> assertThat(f.message())
        .contains("expected credentials in the 201 answer")
        .contains("Capabilities.bindingCredentials"));
  }

  @Test
  void withoutCredentialsInTheSynchronousBindTheFetchAndRepeatHavingThemFailBoth() {
    // nothing declared: the fetch's and the identical repeat's credentials show that the broker
    // generates them, so the bind's 201 had to carry them (a broker returning them once returns
    // them first)
    SuiteResult result = run(MutationSet.of(Probe.SYNC_BIND_WITHOUT_CREDENTIALS),
        Capabilities.builder());
    assertThat(result.failedRuleIds()).as(result::report)
        .containsExactlyInAnyOrder("fetch-binding.ok", "bind.identical");
    assertThat(result.failures()).allSatisfy(f -> assertThat(f.message())
        .contains("the synchronous bind's 201 carried none"));
  }

  @Test
  void asyncBindingsFetchedWithoutCredentialsPassWhenNothingIsDeclared() {
    // no plan binds synchronously: the kit cannot tell that the broker generates credentials
    SuiteResult result = run(asyncBindsAnd(Variant.NO_CREDENTIALS), Capabilities.builder());
    assertThat(result.failed()).as(result::report).isZero();
  }

  @Test
  void declaringNoCredentialsOverridesWhatASynchronousBindShows() {
    // synchronous binds return credentials, the fetch of an async binding none: without the
    // declaration the kit fails it (MutationTest FETCH_ASYNC_BINDING_WITHOUT_CREDENTIALS)
    SuiteResult result = run(MutationSet.of(Mutation.FETCH_ASYNC_BINDING_WITHOUT_CREDENTIALS),
        Capabilities.builder().bindingCredentials(false));
    assertThat(result.failed()).as(result::report).isZero();
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("fetch-binding.ok"))
        .isNotEmpty().allMatch(CheckResult::isPassed);
  }

  @Test
  void brokerReturningCredentialsAtTheFirstFetchPassesWhenCredentialsAreDeclared() {
    SuiteResult result = run(asyncBindsAnd(Variant.CREDENTIALS_RETURNED_ONCE),
        Capabilities.builder().bindingCredentials(true));
    assertThat(result.failed()).as(result::report).isZero();
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("fetch-binding.ok"))
        .isNotEmpty().allMatch(CheckResult::isPassed);
  }
}

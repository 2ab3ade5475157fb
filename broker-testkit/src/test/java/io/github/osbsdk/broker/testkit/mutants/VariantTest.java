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

/** The kit never fails a correct broker: spec-valid refusals pass or are not applicable. */
class VariantTest {
  private static SuiteResult run(Variant variant, Capabilities caps) {
    return run(MutationSet.variant(variant), caps);
  }

  private static SuiteResult run(MutationSet variants, Capabilities caps) {
    try (ReferenceBroker broker = ReferenceBroker.start(variants, Duration.ofMillis(40))) {
      return ConformanceSuite.builder()
          .urls(List.of(broker.url(), broker.replicaUrl()))
          .basicAuth(ReferenceBroker.USERNAME, ReferenceBroker.PASSWORD)
          .capabilities(caps)
          .parallelism(8)
          .asyncTimeout(Duration.ofSeconds(10))
          .maxPollInterval(Duration.ofMillis(100))
          .build().run();
    }
  }

  private static Capabilities.Builder caps() {
    return Capabilities.builder().asyncOnlyPlans(RefCatalog.ASYNC_PLAN).concurrency(true)
        .requiresApp(true);
  }

  @Test
  void brokerRefusingPlanChangesBetweenSyncAndAsyncPlansPassesUpdateOk() {
    SuiteResult result = run(Variant.PLAN_CHANGE_BETWEEN_KINDS_REFUSED, caps().build());
    assertThat(result.failed()).as(result::report).isZero();
    // the sync plan changes to the other sync plan: a real pass, not a skip
    assertThat(result.results()).filteredOn(r -> r.name().startsWith("update.ok[")
        && r.name().contains("/standard]")).allMatch(CheckResult::isPassed);
  }

  @Test
  void refusedPlanChangeFallsBackToAParameterUpdateWhenDeclared() {
    SuiteResult result = run(Variant.PLAN_CHANGE_BETWEEN_KINDS_REFUSED,
        caps().update(true).build());
    assertThat(result.failed()).as(result::report).isZero();
  }

  @Test
  void synchronousDeprovisionOfAnAsyncOnlyPlanPassesDeprovisionAsyncRequired() {
    SuiteResult result = run(Variant.SYNC_DEPROVISION_OF_ASYNC_PLAN, caps().build());
    assertThat(result.failed()).as(result::report).isZero();
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("deprovision.async-required"))
        .isNotEmpty().allMatch(CheckResult::isPassed);
  }

  @Test
  void brokerKeepingAHugeNumberExactlyPassesNumberOutOfRange() {
    SuiteResult result = run(Variant.NUMBERS_KEPT_EXACTLY, caps().build());
    assertThat(result.failed()).as(result::report).isZero();
    // 1e999999 accepted (201), 2e999999 then a conflict (409): the second branch of the check
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("provision.number-out-of-range"))
        .isNotEmpty().allMatch(CheckResult::isPassed);
  }

  @Test
  void brokerGeneratingNoCredentialsPassesEveryCheck() {
    // "credentials ... MUST be returned if the Service Broker supports generation of credentials"
    SuiteResult result = run(Variant.NO_CREDENTIALS, caps().build());
    assertThat(result.failed()).as(result::report).isZero();
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("fetch-binding.ok"))
        .isNotEmpty().allMatch(CheckResult::isPassed);
  }

  @Test
  void brokerProvisioningEveryPlanAsynchronouslyPassesEveryCheck() {
    // replicas.instance takes a synchronous plan when there is one: here its create is a 202
    // too, so the identical provision on replica B follows an asynchronous create (200)
    SuiteResult result = run(Variant.ASYNC_PROVISIONS, caps().build());
    assertThat(result.failed()).as(result::report).isZero();
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("replicas.instance"))
        .singleElement().matches(CheckResult::isPassed);
  }

  @Test
  void vendorExtensionFieldsInEveryAnswerPassEveryCheck() {
    SuiteResult result = run(Variant.VENDOR_EXTENSION_FIELDS, caps().build());
    assertThat(result.failed()).as(result::report).isZero();
  }

  @Test
  void errorBodiesWithoutDescriptionPassEveryCheck() {
    SuiteResult result = run(Variant.ERRORS_WITHOUT_DESCRIPTION, caps().build());
    assertThat(result.failed()).as(result::report).isZero();
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("provision.async-required"))
        .anyMatch(CheckResult::isPassed);
  }

  @Test
  void asyncAnswersWithoutOperationPassEveryCheck() {
    SuiteResult result = run(Variant.ASYNC_WITHOUT_OPERATION, caps().build());
    assertThat(result.failed()).as(result::report).isZero();
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("async.completes"))
        .anyMatch(CheckResult::isPassed);
  }

  @Test
  void brokerReturningCredentialsOnlyOnceOnASynchronousBindPassesEveryCheck() {
    // spec.md "Binding": "Service Brokers MAY choose to only return the information that
    // represents a Service Binding once, either when the Service Binding is being created
    // synchronously, or when the Service Binding is first fetched"; "Fetching a Service
    // Binding": credentials "MUST be returned if the Service Broker supports generation of
    // credentials and the Service Binding was provisioned asynchronously".
    SuiteResult result = run(Variant.CREDENTIALS_RETURNED_ONCE, caps().build());
    assertThat(result.failed()).as(result::report).isZero();
  }

  @Test
  void brokerReturningCredentialsOnceWhoseBindsAreAllAsynchronousPassesEveryCheck() {
    // spec.md "Binding": a broker MAY return the binding's information only "when the Service
    // Binding is first fetched"; every bind here is asynchronous, so the first fetch (on replica
    // B in replicas.binding) carries the credentials and a later one (on replica A) none
    SuiteResult result = run(new MutationSet(Set.of(), Set.of(),
        Set.of(Variant.CREDENTIALS_RETURNED_ONCE, Variant.ASYNC_BINDS)), caps().build());
    assertThat(result.failed()).as(result::report).isZero();
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("replicas.binding"))
        .isNotEmpty().allMatch(CheckResult::isPassed);
  }

  @Test
  void brokerReturningVolumeMountsPassesEveryCheckAndTheirShapeIsJudged() {
    SuiteResult result = run(Variant.VOLUME_MOUNTS, caps().build());
    assertThat(result.failed()).as(result::report).isZero();
    // every bindable plan's bind, repeat or fetch carries the mount: judged, not skipped
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("bind.volume-mounts"))
        .isNotEmpty().allMatch(CheckResult::isPassed);
  }

  @Test
  void brokerReturningEndpointsPassesEveryCheckAndTheirShapeIsJudged() {
    SuiteResult result = run(Variant.ENDPOINTS, caps().build());
    assertThat(result.failed()).as(result::report).isZero();
    // every bindable plan's bind, repeat or fetch carries the endpoints: judged, not skipped
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("bind.endpoints"))
        .isNotEmpty().allMatch(CheckResult::isPassed);
  }

  @Test
  void brokerWritingPortsWithLeadingZerosPassesEveryCheck() {
    // spec.md "Endpoint Object": each element "either a single port (for example \"443\") or a
    // port range"; "0443" names port 443, however many zeros lead
    SuiteResult result = run(Variant.ENDPOINT_PORTS_WITH_LEADING_ZEROS, caps().build());
    assertThat(result.failed()).as(result::report).isZero();
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("bind.endpoints"))
        .isNotEmpty().allMatch(CheckResult::isPassed);
  }

  @Test
  void brokerReturningAnEmptyEndpointsListPassesEveryCheck() {
    // spec.md "Binding": endpoints is an "array of Endpoint objects", with no lower bound (ports
    // is "A non-empty array"): a binding may have no endpoint the application connects to
    SuiteResult result = run(Variant.EMPTY_ENDPOINTS, caps().build());
    assertThat(result.failed()).as(result::report).isZero();
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("bind.endpoints"))
        .isNotEmpty().allMatch(CheckResult::isPassed);
  }

  @Test
  void brokerReturningNoEndpointsIsNotApplicableToTheirRule() {
    SuiteResult result = run(MutationSet.none(), caps().build());
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("bind.endpoints"))
        .isNotEmpty().allSatisfy(r -> assertThat(r.message())
            .isEqualTo("not applicable: no bind or fetch answer carried endpoints"))
        .allMatch(CheckResult::isSkipped);
  }

  @Test
  void brokerReturningNoVolumeMountsIsNotApplicableToTheirRule() {
    SuiteResult result = run(MutationSet.none(), caps().build());
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("bind.volume-mounts"))
        .isNotEmpty().allSatisfy(r -> assertThat(r.message())
            .isEqualTo("not applicable: no bind or fetch answer carried volume_mounts"))
        .allMatch(CheckResult::isSkipped);
  }
}

package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.testkit.support.ImmediateProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A catalog that offers little (one service, one plan: not bindable, no schema, no maintenance
 * info, not retrievable): every rule it gives nothing to check is "not applicable" naming what
 * is missing, never a reason that leaves the provider guessing.
 */
class NotApplicableReasonsTest {
  private static final Catalog CATALOG = Catalog.of(
      ServiceOffering.builder("svc-bare", "bare", "Offers little")
          .bindable(false)
          .plan(Plan.builder("plan-bare", "bare", "Bare").build())
          .build());

  private static SuiteResult run(Capabilities capabilities) {
    return ImmediateProvider.suite(CATALOG).capabilities(capabilities).build().run();
  }

  private static void assertReason(SuiteResult result, String ruleId, String reason) {
    assertThat(result.results()).as(ruleId).filteredOn(r -> r.ruleId().equals(ruleId))
        .isNotEmpty().allSatisfy(r -> assertThat(r.message()).as(r.name())
            .isEqualTo("not applicable: " + reason));
  }

  private static void assertEveryReasonNamesWhatIsMissing(SuiteResult result) {
    assertThat(result.results()).filteredOn(CheckResult::isFailed).as(result::report).isEmpty();
    assertThat(result.results()).filteredOn(CheckResult::isSkipped).isNotEmpty()
        .allSatisfy(r -> assertThat(r.message()).as(r.name())
            .startsWith("not applicable: ")
            .doesNotContain("what this rule needs").doesNotContain("offers what rule")
            .isNotEqualTo("not applicable: no plan"));
  }

  @Test
  void rulesWithoutChecksOnASparseCatalogNameWhatTheCatalogLacks() {
    SuiteResult result = run(Capabilities.builder().build());

    assertEveryReasonNamesWhatIsMissing(result);
    for (String rule : Map.of("bind.created", 0, "bind.endpoints", 0, "fetch-binding.ok", 0,
        "bind.invalid-parameters", 0).keySet()) {
      assertReason(result, rule, "no plan is bindable");
    }
    assertReason(result, "provision.invalid-parameters", "no plan has a"
        + " schemas.service_instance.create.parameters schema that refuses parameters the kit"
        + " can make (a plan without one accepts any parameters)");
    assertReason(result, "update.invalid-parameters", "no plan has a"
        + " schemas.service_instance.update.parameters schema that refuses parameters the kit"
        + " can make (a plan without one accepts any parameters)");
    assertReason(result, "provision.maintenance-info-conflict",
        "no plan declares maintenance_info");
    assertReason(result, "fetch-instance.while-provisioning",
        "no service declares instances_retrievable");
    assertReason(result, "deprovision.async-required",
        "no async-only plan is declared (Capabilities.asyncOnlyPlans)");
    assertReason(result, "bind.async-required",
        "no async-only plan is declared (Capabilities.asyncOnlyPlans)");
  }

  @Test
  void bindingRulesSwitchedOffSaySo() {
    SuiteResult result = run(Capabilities.builder().bindings(false).build());

    assertEveryReasonNamesWhatIsMissing(result);
    assertReason(result, "bind.created",
        "binding checks are switched off (Capabilities.bindings)");
    assertReason(result, "bind.not-bindable",
        "binding checks are switched off (Capabilities.bindings)");
  }
}

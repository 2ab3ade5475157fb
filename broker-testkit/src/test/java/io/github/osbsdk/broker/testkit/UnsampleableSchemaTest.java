package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.testkit.support.ImmediateProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A plan whose schema requires a value the kit cannot make up (an arbitrary pattern): the rules
 * that send valid parameters are not applicable, naming where in the schema, and never fail the
 * correct broker (broker-core refuses the kit's guess with 400).
 */
class UnsampleableSchemaTest {
  private static final Catalog CATALOG = Catalog.of(
      ServiceOffering.builder("svc-code", "coded", "Needs a code no generator guesses")
          .bindable(false)
          .plan(Plan.builder("plan-code", "coded", "Coded")
              .schemas(Schemas.builder().instanceCreate(Map.of(
                  "$schema", "http://json-schema.org/draft-07/schema#",
                  "type", "object",
                  "required", List.of("code"),
                  "properties", Map.of("code", Map.of("type", "string",
                      "pattern", "^[A-Z]{2}-[0-9]{4}-[a-f]{3}$")))).build())
              .build())
          .build());

  @Test
  void rulesSendingValidParametersAreNotApplicableNamingTheSchemaLocation() {
    SuiteResult result = ImmediateProvider.suite(CATALOG).build().run();

    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("provision.created"))
        .isNotEmpty().allMatch(CheckResult::isSkipped)
        .allSatisfy(r -> assertThat(r.message()).contains("plan-code")
            .contains("/properties/code/pattern"));
    assertThat(result.results()).filteredOn(CheckResult::isFailed)
        .as(result::report).isEmpty();
  }
}

package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import java.time.Duration;
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
              .schemas(Schemas.of(Map.of(
                  "$schema", "http://json-schema.org/draft-07/schema#",
                  "type", "object",
                  "required", List.of("code"),
                  "properties", Map.of("code", Map.of("type", "string",
                      "pattern", "^[A-Z]{2}-[0-9]{4}-[a-f]{3}$"))), null, null))
              .build())
          .build());

  /** Provisions and deprovisions anything the SDK lets through. */
  private static final class CodedBroker implements ServiceBroker {
    @Override
    public Catalog catalog() {
      return CATALOG;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      return ProvisionResult.created();
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      return DeprovisionResult.deleted();
    }
  }

  @Test
  void rulesSendingValidParametersAreNotApplicableNamingTheSchemaLocation() {
    Broker broker = Broker.builder(new CodedBroker())
        .authenticator(BasicAuthenticator.of("broker", "s3cret")).build();
    SuiteResult result = ConformanceSuite.builder().inProcess(broker)
        .basicAuth("broker", "s3cret")
        .maxPollInterval(Duration.ofMillis(100))
        .build().run();

    assertThat(result.results()).filteredOn(r -> r.ruleId().equals("provision.created"))
        .isNotEmpty().allMatch(CheckResult::isSkipped)
        .allSatisfy(r -> assertThat(r.message()).contains("plan-code")
            .contains("/properties/code/pattern"));
    assertThat(result.results()).filteredOn(CheckResult::isFailed)
        .as(result::report).isEmpty();
  }
}

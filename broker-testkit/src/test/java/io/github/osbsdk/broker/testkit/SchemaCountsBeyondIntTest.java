package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.support.StubServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A foreign broker (not built with the SDK, whose catalog validator refuses them) whose plans'
 * schemas hold counts beyond a Java {@code int}, which the validator the kit checks parameters
 * with would wrap ({@code 4294967296} read as 0): the kit never expects an answer from a wrapped
 * count. A maximum beyond {@code int} is no maximum for anything the kit sends; a minimum beyond
 * it makes the plan's parameter checks not applicable, naming the keyword and value.
 */
class SchemaCountsBeyondIntTest {
  private static final String SCHEMA = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
      + "\"type\":\"object\",";
  private static final String CATALOG = "{\"services\":[{\"id\":\"svc-counts\",\"name\":\"counts\","
      + "\"description\":\"Counts beyond int\",\"bindable\":false,\"plans\":["
      + "{\"id\":\"plan-max\",\"name\":\"max\",\"description\":\"No real maximum\","
      + "\"schemas\":{\"service_instance\":{\"create\":{\"parameters\":" + SCHEMA
      + "\"maxProperties\":4294967296,\"properties\":{\"tags\":{"
      + "\"maxItems\":4294967296,\"items\":{\"maxLength\":4294967296}}}}}}}},"
      + "{\"id\":\"plan-min\",\"name\":\"min\",\"description\":\"Unreachable minimum\","
      + "\"schemas\":{\"service_instance\":{\"create\":{\"parameters\":" + SCHEMA
      + "\"minProperties\":4294967296}}}}}]}]}";

  /**
   * Answers as a correct broker would: plan-max's schema accepts every parameters object (no
   * property has a type the kit could break), plan-min's refuses every one.
   */
  private static StubServer.Reply answer(StubServer.Seen request) {
    if (request.method().equals("PUT") && request.body().contains("\"plan-min\"")) {
      return new StubServer.Reply(400, "{\"description\":\"parameters: too few properties\"}",
          java.util.Map.of("Content-Type", "application/json"));
    }
    return new StubServer.Reply(request.method().equals("PUT") ? 201 : 200, "{}",
        java.util.Map.of("Content-Type", "application/json"));
  }

  private static SuiteResult run() throws Exception {
    try (StubServer broker = new StubServer()) {
      broker.catalog = CATALOG;
      broker.handler = SchemaCountsBeyondIntTest::answer;
      return ConformanceSuite.builder().url(broker.url()).basicAuth("user", "secret")
          .capabilities(Capabilities.builder().bluemix(false).build()).build().run();
    }
  }

  private static List<CheckResult> of(SuiteResult result, String rule, String plan) {
    return result.results().stream()
        .filter(r -> r.ruleId().equals(rule) && r.name().endsWith("[counts/" + plan + "]"))
        .toList();
  }

  @Test
  void maximumBeyondIntIsNoMaximumForSamplesAndNoInvalidParametersAreExpected()
      throws Exception {
    SuiteResult result = run();
    assertThat(of(result, "provision.created", "max")).as(result::report).singleElement()
        .satisfies(r -> assertThat(r.isPassed()).as(r.describe()).isTrue());
    // the wrapped validator read maxProperties as 0 and sent one property, expecting 400
    assertThat(of(result, "provision.invalid-parameters", "max")).as(result::report).isEmpty();
  }

  @Test
  void minimumBeyondIntMakesTheParameterChecksNotApplicableNamingKeywordAndValue()
      throws Exception {
    SuiteResult result = run();
    for (String rule : List.of("provision.created", "provision.invalid-parameters")) {
      assertThat(of(result, rule, "min")).as(result::report).singleElement()
          .satisfies(r -> assertThat(r.isSkipped()).as(r.describe()).isTrue())
          .satisfies(r -> assertThat(r.message()).contains("plan-min",
              "schemas.service_instance.create.parameters", "$.minProperties = 4294967296",
              "2147483647"));
    }
    assertThat(result.results()).filteredOn(r -> r.name().endsWith("[counts/min]"))
        .filteredOn(CheckResult::isFailed).as(result::report).isEmpty();
  }
}

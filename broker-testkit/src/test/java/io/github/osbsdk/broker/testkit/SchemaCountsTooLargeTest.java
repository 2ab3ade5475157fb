package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.osbsdk.broker.testkit.support.StubServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A broker whose plan's schema asks for minima within a Java {@code int} that no sample can
 * reasonably hold (100000 strings of at least 100000 characters each): the kit reports the
 * plan's parameter checks not applicable, naming the keyword path, value and its bound, instead
 * of building a sample that size (it used to run out of memory), and fails nothing for it.
 */
class SchemaCountsTooLargeTest {
  private static final String CATALOG = "{\"services\":[{\"id\":\"svc-huge\",\"name\":\"huge\","
      + "\"description\":\"Huge minima\",\"bindable\":false,\"plans\":["
      + "{\"id\":\"plan-huge\",\"name\":\"tags\",\"description\":\"Unsendable minimum\","
      + "\"schemas\":{\"service_instance\":{\"create\":{\"parameters\":{"
      + "\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
      + "\"required\":[\"tags\"],\"properties\":{\"tags\":{\"type\":\"array\","
      + "\"minItems\":100000,\"items\":{\"type\":\"string\",\"minLength\":100000}}}}}}}}]}]}";

  /** Answers as a correct broker would: every parameters object the kit could send is short. */
  private static StubServer.Reply answer(StubServer.Seen request) {
    if (request.method().equals("PUT")) {
      return new StubServer.Reply(400, "{\"description\":\"parameters: tags too short\"}",
          Map.of("Content-Type", "application/json"));
    }
    return new StubServer.Reply(200, "{}", Map.of("Content-Type", "application/json"));
  }

  @Test
  void minimaTooLargeForOneSampleMakeTheParameterChecksNotApplicableNamingPathValueAndBound() {
    SuiteResult result = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
      try (StubServer broker = new StubServer()) {
        broker.catalog = CATALOG;
        broker.handler = SchemaCountsTooLargeTest::answer;
        return ConformanceSuite.builder().url(broker.url()).basicAuth("user", "secret")
            .capabilities(Capabilities.builder().bluemix(false).build()).build().run();
      }
    });

    for (String rule : List.of("provision.created", "provision.invalid-parameters")) {
      assertThat(result.results())
          .filteredOn(r -> r.ruleId().equals(rule) && r.name().endsWith("[huge/tags]"))
          .as(result::report).singleElement()
          .satisfies(r -> assertThat(r.isSkipped()).as(r.describe()).isTrue())
          .satisfies(r -> assertThat(r.message()).contains("plan-huge",
              "schemas.service_instance.create.parameters",
              "$.properties.tags.items.minLength = 100000", "1000000 characters"));
    }
    assertThat(result.results()).filteredOn(r -> r.name().endsWith("[huge/tags]"))
        .filteredOn(CheckResult::isFailed).as(result::report).isEmpty();
  }
}

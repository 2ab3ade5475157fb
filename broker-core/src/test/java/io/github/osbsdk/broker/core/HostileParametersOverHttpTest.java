package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.core.TestServer.Reply;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Customer parameters that break the schema validator, sent as a platform would: the answer is
 * the OSB 400 for bad parameters, never a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileParametersOverHttpTest {
  private static final Map<String, Object> NAME_SCHEMA = Map.of(
      "$schema", "http://json-schema.org/draft-04/schema#", "type", "object",
      "properties", Map.of("name", Map.of("type", "string", "pattern", "^([a-z]|-)*$")));
  private static final Map<String, Object> FILTERS_SCHEMA = Map.of(
      "$schema", "http://json-schema.org/draft-04/schema#", "type", "object",
      "properties", Map.of("filters", Map.of("type", "array",
          "items", Map.of("type", "string", "format", "regex"))));

  /** The test broker, with one plan whose schema holds an ordinary pattern. */
  private static final class PatternPlanBroker extends TestServiceBroker {
    @Override
    public Catalog catalog() {
      return Catalog.of(ServiceOffering.builder("svc-1", "test-service", "A test service")
          .plan(Plan.builder("plan-pattern", "pattern", "Plan with a name pattern")
              .schemas(Schemas.builder().instanceCreate(NAME_SCHEMA).build()).build())
          .plan(Plan.builder("plan-filters", "filters", "Plan taking regular expressions")
              .schemas(Schemas.builder().instanceCreate(FILTERS_SCHEMA).build()).build())
          .build());
    }
  }

  private final TestServer server = TestServer.start(new PatternPlanBroker());

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void provisionWithALongNameAgainstAnAlternationPatternIsABadRequest() {
    String body = ProvisionTest.body("plan-pattern",
        "{\"name\":\"" + "ab".repeat(10_000) + "\"}");

    Reply r = server.call("PUT", "/v2/service_instances/" + ProvisionTest.id()).json(body).send();

    assertThat(r.status()).as(r.body()).isIn(201, 400);
  }

  @Test
  void provisionWithRegularExpressionsTogetherTooLongToCompileIsABadRequestSayingWhy() {
    // each compiles in milliseconds; a megabyte of different ones would take the CPU for
    // minutes (the same one sent again is compiled and counted once)
    StringBuilder filters = new StringBuilder();
    for (int i = 0; i <= 40; i++) {
      filters.append(i == 0 ? "" : ",").append("\"").append("ab|".repeat(330)).append(i)
          .append("\"");
    }
    String body = ProvisionTest.body("plan-filters", "{\"filters\":[" + filters + "]}");

    Reply r = server.call("PUT", "/v2/service_instances/" + ProvisionTest.id()).json(body).send();

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("$.filters[", "together");
  }
}

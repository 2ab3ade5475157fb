package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.testkit.support.StubServer;
import io.github.osbsdk.broker.testkit.support.YesBroker;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ViolationDetectionTest {
  private static SuiteResult runAgainst(StubServer broker) {
    return ConformanceSuite.builder().url(broker.url()).basicAuth("user", "secret")
        .capabilities(Capabilities.builder().bluemix(false).build()).build().run();
  }

  @Test
  void brokerSayingYesToEverythingFailsTheRulesItBreaks() throws Exception {
    SuiteResult result;
    try (StubServer broker = YesBroker.start()) {
      result = runAgainst(broker);
    }

    assertThat(result.failedRuleIds()).contains("version.missing", "version.unsupported",
        "auth.required", "auth.wrong-credentials", "provision.created", "provision.conflict",
        "provision.unknown-plan", "provision.missing-field", "deprovision.gone",
        "fetch-instance.not-found", "bind.not-bindable", "unbind.gone");
    assertThat(result.failedRuleIds()).doesNotContain("catalog.status", "catalog.valid");
    assertThat(result.passed() + result.failed() + result.skipped())
        .isEqualTo(result.results().size());
  }

  /**
   * A catalog whose values have the wrong JSON type is invalid: a platform reading JSON types
   * does not take the string "true" for a boolean, 1 for one, or a number for a string.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"bindable\":true | \"bindable\":\"true\" | services[0].bindable",
      "\"bindable\":false | \"bindable\":0 | services[1].bindable",
      "\"name\":\"small\" | \"name\":\"small\",\"free\":1 | services[0].plans[0].free",
      "\"name\":\"basic\" | \"name\":\"basic\",\"maximum_polling_duration\":1.5"
          + " | services[1].plans[0].maximum_polling_duration",
      "\"name\":\"basic\" | \"name\":\"basic\",\"maximum_polling_duration\":\"60\""
          + " | services[1].plans[0].maximum_polling_duration",
      "\"name\":\"alpha\" | \"name\":7 | services[0].name"})
  void aCatalogValueOfTheWrongJsonTypeIsAProblemNotCoerced(String from, String to, String path)
      throws Exception {
    SuiteResult result;
    try (StubServer broker = YesBroker.start()) {
      assertThat(YesBroker.CATALOG).contains(from);
      broker.catalog = YesBroker.CATALOG.replaceFirst(java.util.regex.Pattern.quote(from),
          java.util.regex.Matcher.quoteReplacement(to));
      result = ConformanceSuite.builder().url(broker.url()).skip(java.util.Arrays.stream(
          Rule.values()).map(Rule::id).filter(id -> !id.equals("catalog.valid"))
          .toArray(String[]::new)).build().run();
    }

    CheckResult valid = result.results().stream()
        .filter(r -> r.ruleId().equals("catalog.valid")).findFirst().orElseThrow();
    assertThat(valid.isFailed()).as(result::report).isTrue();
    assertThat(valid.message()).contains("does not match the OSB model: " + path + ": ");
  }

  @Test
  void everyFailureNamesRuleSpecSectionRequestAndResponse() throws Exception {
    SuiteResult result;
    try (StubServer broker = YesBroker.start()) {
      result = runAgainst(broker);
    }

    CheckResult gone = result.failures().stream()
        .filter(f -> f.name().equals("deprovision.gone")).findFirst().orElseThrow();
    assertThat(gone.ruleId()).isEqualTo("deprovision.gone");
    assertThat(gone.specSection()).isEqualTo("spec.md#deprovisioning");
    assertThat(gone.message()).contains("expected 410").contains("got 200");
    assertThat(gone.request()).startsWith("DELETE http://127.0.0.1:")
        .contains("/v2/service_instances/").contains("service_id=svc-a")
        .contains("Authorization: Basic ****").contains("X-Broker-API-Version: 2.17");
    assertThat(gone.response()).startsWith("HTTP 200").contains("{}");
    assertThat(gone.describe()).contains("deprovision.gone", "spec.md#deprovisioning",
        "request:", "response:");
    CheckResult conflict = result.failures().stream()
        .filter(f -> f.name().equals("provision.conflict[alpha/small]")).findFirst().orElseThrow();
    assertThat(conflict.message()).startsWith("setup failed: expected one of 201, 202");
    assertThat(conflict.request()).startsWith("PUT ");
    assertThat(result.report()).startsWith(result.summary());
  }

  @Test
  void checksCleanUpWhatTheyCreate() throws Exception {
    try (StubServer broker = YesBroker.start()) {
      runAgainst(broker);

      long provisioned = broker.seen.stream().filter(s -> s.method().equals("PUT")
          && s.rawPath().matches("/v2/service_instances/[^/]+")
          && s.headers().containsKey("Authorization") && !s.body().contains("unknown")).count();
      long deprovisioned = broker.seen.stream().filter(s -> s.method().equals("DELETE")
          && s.rawPath().matches("/v2/service_instances/[^/]+")).count();
      assertThat(deprovisioned).isPositive();
      assertThat(provisioned).isPositive();
    }
  }

  @Test
  void skippedRulesAreReportedAsSkippedOnRequest() throws Exception {
    SuiteResult result;
    try (StubServer broker = YesBroker.start()) {
      result = ConformanceSuite.builder().url(broker.url()).basicAuth("u", "p")
          .skip("version.missing", "provision.created[alpha/small]").build().run();
    }
    assertThat(result.results()).filteredOn(r -> r.name().equals("version.missing")
        || r.name().equals("provision.created[alpha/small]"))
        .hasSize(2).allSatisfy(r -> {
          assertThat(r.status()).isEqualTo(CheckResult.Status.SKIPPED);
          assertThat(r.message()).isEqualTo("skipped on request");
        });
    assertThat(result.results()).filteredOn(r -> r.name().equals("provision.created[alpha/large]"))
        .singleElement().satisfies(r -> assertThat(r.isFailed()).isTrue());
  }

  @Test
  void aSkippedRuleSkipsEveryCheckOfItOnEveryPlan() throws Exception {
    SuiteResult result;
    try (StubServer broker = YesBroker.start()) {
      result = ConformanceSuite.builder().url(broker.url()).basicAuth("u", "p")
          .skip(Rule.VERSION_MISSING, Rule.PROVISION_CREATED).build().run();
    }
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals(Rule.VERSION_MISSING.id())
        || r.ruleId().equals(Rule.PROVISION_CREATED.id())).hasSizeGreaterThan(2)
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(CheckResult.Status.SKIPPED));
    assertThat(result.results()).filteredOn(r -> r.ruleId().equals(Rule.CATALOG_STATUS.id()))
        .allSatisfy(r -> assertThat(r.isSkipped()).isFalse());
  }

  @Test
  void aSkipNamingNoRuleOrCheckIsRefusedBeforeAnyCheckRuns() throws Exception {
    try (StubServer broker = YesBroker.start()) {
      ConformanceSuite suite = ConformanceSuite.builder().url(broker.url()).basicAuth("u", "p")
          .skip("version.missing", "catalog.etagg", "provision.created[alpha/smal]").build();

      assertThatThrownBy(suite::run).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'catalog.etagg'").hasMessageContaining("catalog.etag")
          .hasMessageContaining("'provision.created[alpha/smal]'")
          .hasMessageContaining("provision.created[alpha/small]")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("'version.missing'"));
      assertThat(broker.seen).as("nothing but the catalog was asked for")
          .allMatch(s -> s.rawPath().equals("/v2/catalog"));
    }
  }

  @Test
  void parametersForAPlanNotInTheCatalogAreRefusedBeforeAnyCheckRuns() throws Exception {
    try (StubServer broker = YesBroker.start()) {
      ConformanceSuite suite = ConformanceSuite.builder().url(broker.url()).basicAuth("u", "p")
          .capabilities(Capabilities.builder()
              .provisionParameters("plan-a1", Map.of("size", 1))
              .provisionParameters("plan-a9", Map.of("size", 1))
              .bindParameters("plan-b7", Map.of()).build())
          .build();

      assertThatThrownBy(suite::run).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("provisionParameters").hasMessageContaining("'plan-a9'")
          .hasMessageContaining("bindParameters").hasMessageContaining("'plan-b7'")
          .hasMessageContaining("plan-a2 (alpha/large)")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("'plan-a1'"));
      assertThat(broker.seen).as("nothing but the catalog was asked for")
          .allMatch(s -> s.rawPath().equals("/v2/catalog"));
    }
  }

  @Test
  void aWrongBaseUrlEndsTheRunWithOneFailureInsteadOfEveryCheckFailing() throws Exception {
    SuiteResult result;
    try (StubServer broker = new StubServer()) {
      broker.status = 404;
      broker.body = "<html><body>Whitelabel Error Page</body></html>";
      broker.headers = Map.of("Content-Type", "text/html");
      result = ConformanceSuite.builder().url(java.net.URI.create(broker.url() + "/wrong/base"))
          .basicAuth("u", "p").build().run();

      assertThat(broker.seen).as("nothing but the catalog was asked for")
          .allMatch(s -> s.rawPath().equals("/wrong/base/v2/catalog"));
    }
    assertThat(result.results()).singleElement().satisfies(r -> {
      assertThat(r.isFailed()).isTrue();
      assertThat(r.ruleId()).isEqualTo("catalog.status");
      assertThat(r.message()).contains("no OSB catalog").contains("/wrong/base/v2/catalog")
          .contains("answered 404").contains("Whitelabel").contains("base URL")
          .contains("nothing else was run");
      assertThat(r.response()).startsWith("HTTP 404");
    });
  }

  @Test
  void refusedCredentialsEndTheRunWithOneFailureNamingTheJavaApi() throws Exception {
    SuiteResult withCredentials;
    SuiteResult without;
    try (StubServer broker = new StubServer()) {
      broker.status = 401;
      broker.body = "{\"description\":\"The credentials are not valid.\"}";
      withCredentials = ConformanceSuite.builder().url(broker.url()).basicAuth("u", "wrong")
          .build().run();
      without = ConformanceSuite.builder().url(broker.url()).build().run();

      assertThat(broker.seen).hasSize(2);
    }
    assertThat(withCredentials.results()).singleElement().satisfies(r -> {
      assertThat(r.isFailed()).isTrue();
      assertThat(r.message()).contains("credentials refused").contains("basic auth as 'u'")
          .contains("The credentials are not valid.").doesNotContain("wrong");
    });
    assertThat(without.failures()).singleElement().satisfies(r ->
        assertThat(r.message()).contains("no credentials")
            .contains("ConformanceSuite.Builder.basicAuth").doesNotContain("--"));
  }

  @Test
  void anUnreachableBrokerEndsTheRunWithOneFailure() throws Exception {
    java.net.URI closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      closed = java.net.URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    SuiteResult result = ConformanceSuite.builder().url(closed).basicAuth("u", "p").build()
        .run();

    assertThat(result.results()).singleElement().satisfies(r -> {
      assertThat(r.isFailed()).isTrue();
      assertThat(r.message()).contains("cannot reach the server").contains("ConnectException")
          .contains("nothing else was run");
    });
  }

  @Test
  void everyRuleOfRulesMdAppearsInARun() throws Exception {
    SuiteResult result;
    try (StubServer broker = YesBroker.start()) {
      broker.headers = Map.of("Content-Type", "application/json");
      result = runAgainst(broker);
    }
    for (Rule rule : Rule.values()) {
      assertThat(result.results()).as(rule.id()).anyMatch(r -> r.ruleId().equals(rule.id()));
    }
  }
}

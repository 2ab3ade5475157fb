package io.github.osbsdk.broker.core.catalog;

import static io.github.osbsdk.broker.core.catalog.TestCatalogs.plan;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.schema;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.service;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.withPlan;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.DashboardClient;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogValidatorWarningsTest {

  private static CatalogReport validate(Catalog catalog) {
    return CatalogValidator.validate(catalog);
  }

  private static List<String> warningPaths(CatalogReport report) {
    return report.warnings().stream().map(CatalogProblem::path).toList();
  }

  @Test
  void emptyServicesIsOnlyAWarning() {
    CatalogReport report = validate(new Catalog(List.of()));
    assertThat(report.isValid()).isTrue();
    assertThat(warningPaths(report)).containsExactly("services");
  }

  @ParameterizedTest
  @ValueSource(strings = {"my/service", "my:service", "ser#vice", "naïve"})
  void nonCliFriendlyNameIsAWarning(String name) {
    CatalogReport report = validate(Catalog.of(service("s1", name, plan("p1", "x"))));
    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings()).singleElement().satisfies(w -> {
      assertThat(w.path()).isEqualTo("services[0].name");
      assertThat(w.message()).contains("not CLI-friendly");
    });
  }

  @Test
  void nameWithSpacesIsBothNotCliFriendlyAndNotIbmStyle() {
    CatalogReport report = validate(Catalog.of(service("s1", "svc", plan("p1", "big plan"))));
    assertThat(report.warnings()).extracting(CatalogProblem::message)
        .anySatisfy(m -> assertThat(m).contains("not CLI-friendly"))
        .anySatisfy(m -> assertThat(m).contains("IBM Cloud"));
    assertThat(warningPaths(report)).containsOnly("services[0].plans[0].name");
  }

  @Test
  void uppercaseNameIsOnlyAnIbmCloudWarning() {
    CatalogReport report = validate(Catalog.of(service("s1", "MyService", plan("p1", "Gold"))));
    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings()).hasSize(2).allSatisfy(w ->
        assertThat(w.message()).contains("IBM Cloud expects names in lowercase")
            .doesNotContain("CLI-friendly"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"acme-db", "acme.db", "acme_db", "db2", "a"})
  void cliFriendlyLowercaseNamesHaveNoWarning(String name) {
    assertThat(validate(Catalog.of(service("s1", name, plan("p1", "x")))).warnings()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-", "--", "-db", "."})
  void namesThatAreHardToTypeAreAWarning(String name) {
    CatalogReport report = validate(Catalog.of(service("s1", name, plan("p1", "x"))));
    assertThat(report.warnings()).singleElement().satisfies(w ->
        assertThat(w.message()).contains("hard to type"));
  }

  @Test
  void stringsLongerThan255CharactersAreWarnings() {
    String long256 = "a".repeat(256);
    ServiceOffering s = ServiceOffering.builder(long256, long256, long256).bindable(true)
        .tags(long256)
        .plan(Plan.builder("p" + long256, "p" + long256, long256).build()).build();
    CatalogReport report = validate(Catalog.of(s));
    assertThat(report.errors()).isEmpty();
    assertThat(warningPaths(report)).containsExactly("services[0].id", "services[0].name",
        "services[0].description", "services[0].tags[0]", "services[0].plans[0].id",
        "services[0].plans[0].name", "services[0].plans[0].description");
    assertThat(report.warnings()).allSatisfy(w -> assertThat(w.message()).contains("255"));
  }

  @Test
  void stringsOf255CharactersAreFine() {
    String s255 = "a".repeat(255);
    assertThat(validate(Catalog.of(ServiceOffering.builder("s1", "svc", s255).bindable(true)
        .plan(Plan.builder("p1", "x", s255).build()).build())).warnings()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"id with space", "crn:v1:bluemix", "a/b", "100%"})
  void idsWithCharactersThatNeedUrlEncodingAreAWarning(String id) {
    CatalogReport report = validate(Catalog.of(service(id, "svc", plan("p1", "x"))));
    assertThat(report.errors()).isEmpty();
    assertThat(warningPaths(report)).containsExactly("services[0].id");
  }

  @Test
  void bindingSchemaOnANonBindablePlanIsAWarning() {
    Plan plan = Plan.builder("p1", "x", "d").bindable(false)
        .schemas(Schemas.builder().bindingCreate(schema(Map.of("type", "object"))).build()).build();
    assertThat(warningPaths(validate(withPlan(plan))))
        .containsExactly("services[0].plans[0].schemas.service_binding");
  }

  @Test
  void bindingRotatableOnANonBindablePlanIsAWarning() {
    Plan plan = Plan.builder("p1", "x", "d").bindable(false).bindingRotatable(true).build();
    assertThat(warningPaths(validate(withPlan(plan))))
        .containsExactly("services[0].plans[0].binding_rotatable");
  }

  @Test
  void requiresOnAServiceWithoutBindablePlanIsAWarning() {
    ServiceOffering s = ServiceOffering.builder("s1", "svc", "d").bindable(false)
        .requires("syslog_drain").plan(plan("p1", "x")).build();
    assertThat(warningPaths(validate(Catalog.of(s)))).containsExactly("services[0].requires");
  }

  @Test
  void bindingsRetrievableWithoutBindablePlanIsAWarning() {
    ServiceOffering s = ServiceOffering.builder("s1", "svc", "d").bindable(true)
        .bindingsRetrievable(true)
        .plan(Plan.builder("p1", "x", "d").bindable(false).build()).build();
    assertThat(warningPaths(validate(Catalog.of(s))))
        .containsExactly("services[0].bindings_retrievable");
  }

  @Test
  void bindablePlanOfANonBindableServiceIsLegal() {
    ServiceOffering s = ServiceOffering.builder("s1", "svc", "d").bindable(false)
        .requires("volume_mount").bindingsRetrievable(true)
        .plan(Plan.builder("p1", "x", "d").bindable(true).bindingRotatable(true)
            .schemas(Schemas.builder()
                .bindingCreate(schema(Map.of("type", "object"))).build()).build())
        .build();
    CatalogReport report = validate(Catalog.of(s));
    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings()).isEmpty();
  }

  @Test
  void duplicateTagsAndRequiresAreWarnings() {
    ServiceOffering s = ServiceOffering.builder("s1", "svc", "d").bindable(true)
        .tags("db", "db").requires("volume_mount", "volume_mount").plan(plan("p1", "x")).build();
    assertThat(warningPaths(validate(Catalog.of(s))))
        .containsExactly("services[0].tags[1]", "services[0].requires[1]");
  }

  @Test
  void conventionalMetadataOfTheWrongTypeIsAWarning() {
    ServiceOffering s = ServiceOffering.builder("s1", "svc", "d").bindable(true)
        .metadata(Map.of("displayName", 42, "imageUrl", "logo.png",
            "documentationUrl", "https://docs.example.com", "custom", List.of(1)))
        .plan(Plan.builder("p1", "x", "d").metadata(Map.of("bullets", "one",
            "costs", List.of(Map.of("amount", 5)))).build())
        .build();
    assertThat(warningPaths(validate(Catalog.of(s)))).containsExactlyInAnyOrder(
        "services[0].metadata.displayName", "services[0].metadata.imageUrl",
        "services[0].plans[0].metadata.bullets", "services[0].plans[0].metadata.costs");
  }

  @Test
  void relativeDashboardRedirectUriIsAWarning() {
    ServiceOffering s = ServiceOffering.builder("s1", "svc", "d").bindable(true)
        .dashboardClient(new DashboardClient("c", "secret", "/sso/callback"))
        .plan(plan("p1", "x")).build();
    assertThat(warningPaths(validate(Catalog.of(s))))
        .containsExactly("services[0].dashboard_client.redirect_uri");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://broker.example.com/sso/callback",
      "ftp://broker.example.com/sso/callback", "urn:broker:callback"})
  void dashboardRedirectUriThatIsNotHttpsIsAWarning(String redirectUri) {
    ServiceOffering s = ServiceOffering.builder("s1", "svc", "d").bindable(true)
        .dashboardClient(new DashboardClient("c", "secret", redirectUri))
        .plan(plan("p1", "x")).build();
    CatalogReport report = validate(Catalog.of(s));
    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings()).singleElement().satisfies(w -> {
      assertThat(w.path()).isEqualTo("services[0].dashboard_client.redirect_uri");
      assertThat(w.message()).contains(redirectUri).contains("https");
    });
  }

  @Test
  void httpsDashboardRedirectUriHasNoWarning() {
    ServiceOffering s = ServiceOffering.builder("s1", "svc", "d").bindable(true)
        .dashboardClient(new DashboardClient("c", "secret",
            "https://broker.example.com/dashboard/callback"))
        .plan(plan("p1", "x")).build();
    assertThat(validate(Catalog.of(s)).warnings()).isEmpty();
  }

  @Test
  void costAmountsThatAreNegativeNotFiniteOrNotNumbersAreWarningsNamingThePlan() {
    Map<String, Object> amounts = new java.util.LinkedHashMap<>();
    amounts.put("usd", -0.12);
    amounts.put("eur", Double.NaN);
    amounts.put("gbp", Double.POSITIVE_INFINITY);
    amounts.put("jpy", "12");
    amounts.put("chf", new java.math.BigDecimal("-1"));
    amounts.put("cad", null);
    amounts.put("aud", 0);
    amounts.put("inr", new java.math.BigDecimal("9.99"));
    Plan gold = Plan.builder("p1", "gold", "d").metadata(Map.of("costs", List.of(
        Map.of("amount", Map.of("usd", 1), "unit", "MONTHLY"),
        Map.of("amount", amounts, "unit", "HOUR")))).build();
    CatalogReport report = validate(withPlan(gold));
    assertThat(report.errors()).isEmpty();
    assertThat(warningPaths(report)).containsExactlyInAnyOrder(
        "services[0].plans[0].metadata.costs[1].amount.usd",
        "services[0].plans[0].metadata.costs[1].amount.eur",
        "services[0].plans[0].metadata.costs[1].amount.gbp",
        "services[0].plans[0].metadata.costs[1].amount.jpy",
        "services[0].plans[0].metadata.costs[1].amount.chf",
        "services[0].plans[0].metadata.costs[1].amount.cad");
    assertThat(report.warnings()).allSatisfy(w -> assertThat(w.message())
        .contains("plan \"gold\""));
  }

  @Test
  void costAmountsOfZeroOrMoreHaveNoWarning() {
    assertThat(validate(TestCatalogs.ibmCloud()).warnings()).isEmpty();
  }

  @Test
  void dashboardRedirectUriWithUserInfoIsAWarningThatDoesNotEchoIt() {
    ServiceOffering s = ServiceOffering.builder("s1", "svc", "d").bindable(true)
        .dashboardClient(new DashboardClient("c", "secret",
            "https://admin:hunter2@broker.example.com/dashboard/callback"))
        .plan(plan("p1", "x")).build();
    assertThat(validate(Catalog.of(s)).warnings()).singleElement().satisfies(w -> {
      assertThat(w.path()).isEqualTo("services[0].dashboard_client.redirect_uri");
      assertThat(w.message()).contains("user info").doesNotContain("hunter2");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://admin:hunter2@broker.example.com/sso/callback",
      "ftp://admin:hunter2@broker.example.com/sso/callback",
      "//admin:hunter2@broker.example.com/sso/callback",
      "admin:hunter2@broker.example.com/sso/callback",
      "https://admin:hunter 2@broker.example.com/sso/callback"})
  void dashboardRedirectUriWarningsMaskItsUserInfo(String redirectUri) {
    ServiceOffering s = ServiceOffering.builder("s1", "svc", "d").bindable(true)
        .dashboardClient(new DashboardClient("c", "secret", redirectUri))
        .plan(plan("p1", "x")).build();
    CatalogReport report = validate(Catalog.of(s));
    assertThat(report.warnings()).singleElement().satisfies(w -> {
      assertThat(w.path()).isEqualTo("services[0].dashboard_client.redirect_uri");
      assertThat(w.message()).contains("***@broker.example.com/sso/callback")
          .doesNotContain("hunter").doesNotContain("admin");
    });
    assertThat(report.describe()).doesNotContain("hunter");
  }
}

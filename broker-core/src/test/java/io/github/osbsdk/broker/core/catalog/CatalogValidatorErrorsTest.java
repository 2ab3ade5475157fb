package io.github.osbsdk.broker.core.catalog;

import static io.github.osbsdk.broker.core.catalog.TestCatalogs.plan;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.rawPlan;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.rawService;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.service;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.withPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.DashboardClient;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogValidatorErrorsTest {

  static CatalogReport validate(Catalog catalog) {
    return CatalogValidator.validate(catalog);
  }

  static List<String> errorPaths(CatalogReport report) {
    return report.errors().stream().map(CatalogProblem::path).toList();
  }

  @Test
  void nullCatalogIsAnError() {
    CatalogReport report = validate(null);
    assertThat(report.isValid()).isFalse();
    assertThat(report.errors()).extracting(CatalogProblem::path).containsExactly("");
  }

  @Test
  void catalogJsonWithoutServicesIsAnError() {
    assertThat(errorPaths(CatalogValidator.validateJson("{}"))).containsExactly("services");
    assertThat(errorPaths(CatalogValidator.validateJson("{\"services\":null}")))
        .containsExactly("services");
  }

  @Test
  void recordsRefuseNullRequiredFieldsWithTheBuildersMessages() {
    assertThatThrownBy(() -> new Catalog(null)).hasMessage("services == null");
    assertThatThrownBy(() -> rawPlan(null, "n", "d")).hasMessage("id == null");
    assertThatThrownBy(() -> rawPlan("p", null, "d")).hasMessage("name == null");
    assertThatThrownBy(() -> rawPlan("p", "n", null)).hasMessage("description == null");
    assertThatThrownBy(() -> rawService(null, "n", "d", true, List.of()))
        .hasMessage("id == null");
    assertThatThrownBy(() -> rawService("s", null, "d", true, List.of()))
        .hasMessage("name == null");
    assertThatThrownBy(() -> rawService("s", "n", null, true, List.of()))
        .hasMessage("description == null");
  }

  @Test
  void catalogJsonWithAValueOfTheWrongTypeNamesItsPath() {
    CatalogReport report = CatalogValidator.validateJson("{\"services\":[{\"id\":\"s\","
        + "\"name\":\"svc\",\"description\":\"d\",\"bindable\":true,"
        + "\"plans\":[{\"id\":\"p\",\"name\":\"n\",\"description\":\"d\","
        + "\"maximum_polling_duration\":{}}]}]}");
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo("services[0].plans[0].maximum_polling_duration");
      assertThat(e.message()).contains("does not match the OSB model");
    });
  }

  @Test
  void catalogJsonThatIsNotAnObjectIsAnError() {
    assertThat(errorPaths(CatalogValidator.validateJson("[]"))).containsExactly("");
    assertThat(errorPaths(CatalogValidator.validateJson("{"))).containsExactly("");
  }

  @Test
  void nullServiceEntryIsAnError() {
    List<ServiceOffering> services = new ArrayList<>(Arrays.asList(
        service("svc-1", "svc", plan("p1", "small")), null));
    assertThat(errorPaths(validate(new Catalog(services)))).containsExactly("services[1]");
  }

  @Test
  void serviceMissingEveryRequiredFieldReportsEachOne() {
    CatalogReport report = CatalogValidator.validateJson("{\"services\":[{}]}");
    assertThat(errorPaths(report)).containsExactly("services[0].id", "services[0].name",
        "services[0].description", "services[0].bindable", "services[0].plans");
    assertThat(report.errors()).allSatisfy(e -> assertThat(e.message()).contains("required"));
  }

  @Test
  void emptyOrWhitespaceStringsAreErrors() {
    CatalogReport report = validate(Catalog.of(
        rawService(" ", "", "\t", true, List.of(rawPlan("", " ", "")))));
    assertThat(errorPaths(report)).containsExactly("services[0].id", "services[0].name",
        "services[0].description", "services[0].plans[0].id", "services[0].plans[0].name",
        "services[0].plans[0].description");
    assertThat(report.errors()).allSatisfy(e -> assertThat(e.message()).contains("non-empty"));
  }

  @Test
  void serviceWithEmptyPlansIsAnError() {
    CatalogReport report = validate(Catalog.of(rawService("s", "svc", "d", true, List.of())));
    assertThat(report.errors()).extracting(CatalogProblem::path, CatalogProblem::message)
        .containsExactly(tuple("services[0].plans", "must contain at least one plan"));
  }

  @Test
  void nullPlanEntryIsAnError() {
    List<Plan> plans = new ArrayList<>(Arrays.asList(plan("p1", "small"), null));
    CatalogReport report = validate(Catalog.of(rawService("s", "svc", "d", true, plans)));
    assertThat(errorPaths(report)).containsExactly("services[0].plans[1]");
  }

  @Test
  void planMissingIdNameAndDescriptionReportsEachOne() {
    CatalogReport report = CatalogValidator.validateJson("{\"services\":[{\"id\":\"s\","
        + "\"name\":\"svc\",\"description\":\"d\",\"bindable\":true,\"plans\":[{}]}]}");
    assertThat(errorPaths(report)).containsExactly("services[0].plans[0].id",
        "services[0].plans[0].name", "services[0].plans[0].description");
  }

  @Test
  void duplicateServiceIdsAreAnError() {
    CatalogReport report = validate(Catalog.of(service("same", "a", plan("p1", "x")),
        service("same", "b", plan("p2", "x"))));
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo("services[1].id");
      assertThat(e.message()).contains("duplicate id \"same\"", "services[0].id");
    });
  }

  @Test
  void duplicatePlanIdsAcrossServicesAreAnError() {
    CatalogReport report = validate(Catalog.of(service("s1", "a", plan("p", "x")),
        service("s2", "b", plan("p", "y"))));
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo("services[1].plans[0].id");
      assertThat(e.message()).contains("services[0].plans[0].id", "globally unique");
    });
  }

  @Test
  void duplicatePlanIdsWithinAServiceAreAnError() {
    CatalogReport report = validate(Catalog.of(service("s1", "a", plan("p", "x"),
        plan("p", "y"))));
    assertThat(errorPaths(report)).containsExactly("services[0].plans[1].id");
  }

  @Test
  void idWithAControlCharacterIsAnError() {
    // the SDK answers 400 to every request whose service_id or plan_id holds one
    CatalogReport report = validate(Catalog.of(service("svc\tone", "a", plan("plan\n1", "x"),
        plan("p\0", "y"), plan("p\u007f", "z"))));
    assertThat(errorPaths(report)).containsExactly("services[0].id",
        "services[0].plans[0].id", "services[0].plans[1].id", "services[0].plans[2].id");
    assertThat(report.errors().get(0).message()).contains("control character");
  }

  @Test
  void planIdEqualToAServiceIdIsAnError() {
    CatalogReport report = validate(Catalog.of(service("s1", "a", plan("p1", "x")),
        service("s2", "b", plan("s1", "y"))));
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo("services[1].plans[0].id");
      assertThat(e.message()).contains("services[0].id");
    });
  }

  @Test
  void duplicateServiceNamesAreAnError() {
    CatalogReport report = validate(Catalog.of(service("s1", "db", plan("p1", "x")),
        service("s2", "db", plan("p2", "x"))));
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo("services[1].name");
      assertThat(e.message()).contains("duplicate service name \"db\"");
    });
  }

  @Test
  void serviceNamesAreCaseSensitive() {
    CatalogReport report = validate(Catalog.of(service("s1", "db", plan("p1", "x")),
        service("s2", "DB", plan("p2", "x"))));
    assertThat(report.errors()).isEmpty();
  }

  @Test
  void duplicatePlanNamesWithinAServiceAreAnError() {
    CatalogReport report = validate(Catalog.of(service("s1", "a", plan("p1", "x"),
        plan("p2", "x"))));
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo("services[0].plans[1].name");
      assertThat(e.message()).contains("duplicate plan name \"x\"", "services[0].plans[0].name");
    });
  }

  @Test
  void samePlanNameInTwoServicesIsFine() {
    assertThat(validate(Catalog.of(service("s1", "a", plan("p1", "x")),
        service("s2", "b", plan("p2", "x")))).errors()).isEmpty();
  }

  @Test
  void maintenanceInfoInJsonWithoutVersionOrWithABlankOneIsAnError() {
    // the record refuses both; the JSON's report names them as for the other required texts
    String catalog = "{\"services\":[{\"id\":\"s\",\"name\":\"svc\",\"description\":\"d\","
        + "\"bindable\":true,\"plans\":[{\"id\":\"p1\",\"name\":\"a\",\"description\":\"d\","
        + "\"maintenance_info\":{\"description\":\"patches\"}},{\"id\":\"p2\",\"name\":\"b\","
        + "\"description\":\"d\",\"maintenance_info\":{\"version\":\" \"}}]}]}";

    CatalogReport report = CatalogValidator.validateJson(catalog);

    assertThat(report.errors()).extracting(e -> e.path() + ": " + e.message()).containsExactly(
        "services[0].plans[0].maintenance_info.version: is required",
        "services[0].plans[1].maintenance_info.version: must be a non-empty string (only"
            + " whitespace)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0", "v1.0.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "latest",
      "1.0.0-beta..1", "1.0.0 ", "1.2.3.4"})
  void maintenanceInfoVersionThatIsNotSemVerIsAnError(String version) {
    CatalogReport report = validate(withPlan(plan("p1", "x").toBuilder()
        .maintenanceInfo(MaintenanceInfo.of(version)).build()));
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo("services[0].plans[0].maintenance_info.version");
      assertThat(e.message()).contains("not a semantic version");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0", "1.0.0", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1",
      "1.0.0-0.3.7", "1.0.0-x.7.z.92", "1.0.0-x-y-z.--", "1.0.0+20130313144700",
      "1.0.0-beta+exp.sha.5114f85", "1.0.0+21AF26D3----117B344092BD"})
  void maintenanceInfoVersionAcceptsFullSemVer(String version) {
    CatalogReport report = validate(withPlan(plan("p1", "x").toBuilder()
        .maintenanceInfo(MaintenanceInfo.of(version)).build()));
    assertThat(report.errors()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -5})
  void nonPositiveMaximumPollingDurationIsAnError(int seconds) {
    CatalogReport report = validate(withPlan(plan("p1", "x").toBuilder()
        .maximumPollingDuration(seconds).build()));
    assertThat(errorPaths(report)).containsExactly("services[0].plans[0].maximum_polling_duration");
  }

  @Test
  void unknownRequiresValueIsAnError() {
    ServiceOffering s = ServiceOffering.builder("s1", "a", "d").bindable(true)
        .plan(plan("p1", "x")).requires("syslog_drain", "route_forwarding", "volume_mount",
            "network_access").build();
    CatalogReport report = validate(Catalog.of(s));
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo("services[0].requires[3]");
      assertThat(e.message()).contains("network_access");
    });
  }

  @Test
  void nullTagIsAnError() {
    ServiceOffering s = new ServiceOffering("s1", "a", "d", true, List.of(plan("p1", "x")),
        Arrays.asList("ok", null), null, null, null, null, null, null, null);
    assertThat(errorPaths(validate(Catalog.of(s)))).containsExactly("services[0].tags[1]");
  }

  @Test
  void dashboardClientWithoutIdOrSecretIsAnError() {
    ServiceOffering s = ServiceOffering.builder("s1", "a", "d").bindable(true)
        .plan(plan("p1", "x"))
        .dashboardClient(new DashboardClient("c", null, "https://broker.example.com/sso"))
        .build();
    assertThat(errorPaths(validate(Catalog.of(s)))).containsExactly(
        "services[0].dashboard_client.secret");
    String json = "{\"services\":[{\"id\":\"s\",\"name\":\"svc\",\"description\":\"d\","
        + "\"bindable\":true,\"plans\":[{\"id\":\"p\",\"name\":\"n\",\"description\":\"d\"}],"
        + "\"dashboard_client\":{%s\"redirect_uri\":\"https://broker.example.com/sso\"}}]}";
    assertThat(CatalogValidator.validateJson(String.format(json, "")).errors())
        .extracting(e -> e.path() + ": " + e.message()).containsExactly(
            "services[0].dashboard_client.id: is required",
            "services[0].dashboard_client.secret: is required");
    assertThat(CatalogValidator.validateJson(String.format(json, "\"id\":\"\",\"secret\":\"s\","))
        .errors()).extracting(e -> e.path() + ": " + e.message()).containsExactly(
            "services[0].dashboard_client.id: must be a non-empty string");
  }

  @Test
  void completeDashboardClientIsFine() {
    ServiceOffering s = ServiceOffering.builder("s1", "a", "d").bindable(true)
        .plan(plan("p1", "x"))
        .dashboardClient(new DashboardClient("client", "s3cret", "https://b.example.com/sso"))
        .build();
    CatalogReport report = validate(Catalog.of(s));
    assertThat(report.errors()).isEmpty();
    assertThat(report.describe()).doesNotContain("s3cret");
  }

  @Test
  void metadataValueThatCannotBeWrittenAsJsonIsAnErrorNamingItsPath() {
    Map<String, Object> nested = new HashMap<>();
    nested.put("list", Arrays.asList(1, new Object()));
    Map<String, Object> holdsItself = new HashMap<>();
    holdsItself.put("me", holdsItself);
    Map<String, Object> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    ServiceOffering s = ServiceOffering.builder("s1", "svc", "d").bindable(true)
        .metadata(Map.of("nested", nested))
        .plan(Plan.builder("p1", "gold", "d")
            .metadata(Map.of("self", holdsItself, "keys", nullKey)).build())
        .build();
    CatalogReport report = CatalogValidator.validate(Catalog.of(s));
    assertThat(report.errors()).extracting(CatalogProblem::path).containsExactlyInAnyOrder(
        "services[0].metadata.nested.list[1]", "services[0].plans[0].metadata.self.me",
        "services[0].plans[0].metadata.keys");
    assertThat(report.errors()).filteredOn(e -> e.path().endsWith("list[1]")).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("service \"svc\"", "java.lang.Object",
            "cannot be written as JSON"));
    assertThat(report.errors()).filteredOn(e -> e.path().endsWith("self.me")).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("plan \"gold\"", "holds itself"));
    assertThat(report.errors()).filteredOn(e -> e.path().endsWith("keys")).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("null key"));
  }

  @Test
  void metadataNumberJsonCannotCarryIsAWarningNamingItsPath() {
    ServiceOffering s = ServiceOffering.builder("s1", "svc", "d").bindable(true)
        .metadata(Map.of("custom", Map.of("ratio", Double.NaN)))
        .plan(plan("p1", "x")).build();
    CatalogReport report = CatalogValidator.validate(Catalog.of(s));
    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings()).singleElement().satisfies(w -> {
      assertThat(w.path()).isEqualTo("services[0].metadata.custom.ratio");
      assertThat(w.message()).contains("NaN", "string");
    });
  }

  @Test
  void catalogWithMetadataThatCannotBeWrittenIsRefusedNamingThePathNotOnlyTheCatalog() {
    ServiceOffering s = ServiceOffering.builder("s1", "svc", "d").bindable(true)
        .metadata(Map.of("when", new Object())).plan(plan("p1", "x")).build();
    assertThatThrownBy(() -> CatalogValidator.requireValid(Catalog.of(s)))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("services[0].metadata.when");
  }
}

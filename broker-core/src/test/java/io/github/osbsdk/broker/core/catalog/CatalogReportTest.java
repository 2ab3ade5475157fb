package io.github.osbsdk.broker.core.catalog;

import static io.github.osbsdk.broker.core.catalog.TestCatalogs.plan;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.rawPlan;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.rawService;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogReportTest {

  private static Catalog brokenEverywhere() {
    Plan badVersion = plan("p1", "small").toBuilder()
        .maintenanceInfo(MaintenanceInfo.of("1.0")).maximumPollingDuration(0)
        .schemas(Schemas.builder().instanceCreate(Map.of("type", "object", "properties",
            Map.of("a", Map.of("$ref", "http://example.com/a.json")))).build())
        .build();
    return Catalog.of(
        service("dup", "My Service", badVersion, plan("p2", "small")),
        rawService("dup", "My Service", "", null, List.of(rawPlan("p1", "", ""))));
  }

  @Test
  void realisticIbmCloudCatalogHasNoErrorsAndNoWarnings() {
    CatalogReport report = CatalogValidator.validate(TestCatalogs.ibmCloud());
    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings()).isEmpty();
    assertThat(report.isValid()).isTrue();
    assertThat(report.describe()).isEqualTo("catalog is valid, no warnings");
  }

  @Test
  void minimalCatalogIsValid() {
    assertThat(CatalogValidator.validate(TestCatalogs.minimal()).problems()).isEmpty();
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    CatalogReport report = CatalogValidator.validate(brokenEverywhere());
    assertThat(report.errors()).extracting(CatalogProblem::path).containsExactly(
        "services[0].plans[0].maximum_polling_duration",
        "services[0].plans[0].maintenance_info.version",
        "services[0].plans[0].schemas.service_instance.create.parameters.$schema",
        "services[0].plans[0].schemas.service_instance.create.parameters",
        "services[0].plans[1].name",
        "services[1].id",
        "services[1].name",
        "services[1].description",
        "services[1].bindable",
        "services[1].plans[0].id",
        "services[1].plans[0].name",
        "services[1].plans[0].description");
    assertThat(report.warnings()).extracting(CatalogProblem::path).contains(
        "services[0].name", "services[1].name");
  }

  @Test
  void describeListsEveryProblemOnItsOwnLine() {
    CatalogReport report = CatalogValidator.validate(brokenEverywhere());
    String text = report.describe();
    assertThat(text).startsWith("catalog has " + report.errors().size() + " error(s) and "
        + report.warnings().size() + " warning(s):");
    assertThat(text.lines().skip(1)).hasSize(report.errors().size() + report.warnings().size());
    assertThat(text).contains("ERROR services[0].plans[0].maintenance_info.version: \"1.0\" is "
        + "not a semantic version", "WARNING services[0].name:");
    assertThat(report.toString()).isEqualTo(text);
  }

  @Test
  void invalidCatalogExceptionMessageListsEveryErrorButNoWarnings() {
    CatalogReport report = CatalogValidator.validate(brokenEverywhere());
    InvalidCatalogException e = new InvalidCatalogException(report);
    assertThat(e).isInstanceOf(IllegalStateException.class);
    assertThat(e.report()).isSameAs(report);
    assertThat(e.getMessage()).startsWith("invalid catalog: 12 error(s)");
    for (CatalogProblem error : report.errors()) {
      assertThat(e.getMessage()).contains(error.path() + ": " + error.message());
    }
    assertThat(e.getMessage()).doesNotContain("IBM Cloud expects");
  }

  @Test
  void invalidCatalogExceptionCannotBeBuiltFromAReportWithoutErrors() {
    CatalogReport onlyWarnings = CatalogValidator.validate(
        Catalog.of(service("s1", "Svc", plan("p1", "x"))));
    assertThat(onlyWarnings.warnings()).isNotEmpty();
    assertThatThrownBy(() -> new InvalidCatalogException(onlyWarnings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no errors");
    assertThatThrownBy(() -> new InvalidCatalogException(new CatalogReport(List.of(), List.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requireValidThrowsForErrorsAndReturnsWarningsOtherwise() {
    assertThatThrownBy(() -> CatalogValidator.requireValid(brokenEverywhere()))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("services[1].bindable: is required");
    Catalog onlyWarnings = Catalog.of(service("s1", "Svc", plan("p1", "x")));
    assertThat(CatalogValidator.requireValid(onlyWarnings).warnings()).hasSize(1);
  }

  @Test
  void problemsRenderWithSeverityAndPath() {
    assertThat(new CatalogProblem(Severity.ERROR, "services[0].id", "is required"))
        .hasToString("ERROR services[0].id: is required");
    assertThat(new CatalogProblem(Severity.ERROR, "", "the catalog is null"))
        .hasToString("ERROR catalog: the catalog is null");
  }

  @Test
  void reportRejectsProblemsInTheWrongList() {
    CatalogProblem warning = new CatalogProblem(Severity.WARNING, "x", "y");
    assertThatThrownBy(() -> new CatalogReport(List.of(warning), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

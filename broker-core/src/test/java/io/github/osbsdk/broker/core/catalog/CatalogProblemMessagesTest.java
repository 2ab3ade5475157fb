package io.github.osbsdk.broker.core.catalog;

import static io.github.osbsdk.broker.core.catalog.TestCatalogs.plan;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.planWithSchema;
import static io.github.osbsdk.broker.core.catalog.TestCatalogs.schema;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.DashboardClient;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What problem messages repeat of the catalog: never too much, never a forged line. */
class CatalogProblemMessagesTest {
  private static final String HUGE = "x".repeat(20_000);
  /** A value that would forge a second log line if it were repeated as given. */
  private static final String FORGED = "Evil\nERROR services[9].id: forged " + HUGE;

  private static Catalog catalogRepeatingHugeValues() {
    Plan p = Plan.builder("p 1" + HUGE, FORGED, "d")
        .maintenanceInfo(MaintenanceInfo.of("v" + FORGED))
        .metadata(Map.of(
            "costs", List.of(Map.of("amount", Map.of("usd\n" + HUGE, "12" + FORGED),
                "unit", "HOUR")),
            "k\n" + HUGE, Double.NaN))
        .schemas(Schemas.builder()
            .instanceCreate(schema(Map.of("type", "string" + FORGED))).build())
        .build();
    ServiceOffering s = ServiceOffering.builder("s 1" + HUGE, FORGED, "d").bindable(true)
        .tags("t" + FORGED, "t" + FORGED)
        .requires("r" + FORGED)
        .plan(p)
        .build();
    ServiceOffering twin = ServiceOffering.builder("s 1" + HUGE, FORGED, "d").bindable(true)
        .plan(plan("p2", "small"))
        .build();
    return Catalog.of(s, twin);
  }

  @Test
  void hugeOrMultiLineValuesAreCutAndEscapedInEveryProblem() {
    CatalogReport report = CatalogValidator.validate(catalogRepeatingHugeValues());
    assertThat(report.errors()).isNotEmpty();
    assertThat(report.warnings()).isNotEmpty();
    assertThat(report.problems()).allSatisfy(problem -> {
      assertThat(problem.message()).hasSizeLessThan(1_000).doesNotContain("\n");
      assertThat(problem.path()).hasSizeLessThan(1_000).doesNotContain("\n");
    });
    assertThat(report.describe().lines())
        .hasSize(1 + report.problems().size())
        .noneMatch(line -> line.startsWith("ERROR services[9]"));
    assertThat(report.problems()).anySatisfy(problem -> assertThat(problem.message())
        .contains("\"Evil\\u000aERROR services[9].id: forged xxx", "...(20034 characters)"));
  }

  @Test
  void dashboardClientSecretAppearsInNoProblemNorInTheCatalogsToString() {
    String secret = "s3cr3t-" + HUGE;
    ServiceOffering s = ServiceOffering.builder("s1", "Svc", "d").bindable(true)
        .dashboardClient(new DashboardClient("c", secret, "http://u:p@host/cb"))
        .plan(plan("p1", "small"))
        .build();
    Catalog catalog = Catalog.of(s, s);
    CatalogReport report = CatalogValidator.validate(catalog);
    assertThat(report.errors()).isNotEmpty();
    assertThat(report.describe()).doesNotContain("s3cr3t");
    assertThat(new InvalidCatalogException(report).getMessage()).doesNotContain("s3cr3t");
    assertThat(catalog.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void queryValuesOfUrlsRepeatedInProblemsAreMaskedWhateverTheirNames() {
    Plan unsupportedDialect = Plan.builder("p1", "tiny", "d").schemas(Schemas.builder()
        .instanceCreate(Map.of("$schema",
            "https://json-schema.org/draft-03/schema?api_key=s3cret-1#", "type", "object"))
        .build()).build();
    Plan externalReference = planWithSchema(schema(Map.of("type", "object", "properties",
        Map.of("a", Map.of("$ref", "https://schemas.example.com/a.json?sig=s3cret-2&v=3"
            + "#access_token=s3cret-3&expires_in=3600")))));
    ServiceOffering s = ServiceOffering.builder("s1", "svc", "d").bindable(true)
        .dashboardClient(new DashboardClient("c", "secret",
            "http://broker.example.com/cb?token=s3cret-4;password=s3cret-5&s3cret-6"))
        .plan(unsupportedDialect).plan(externalReference)
        .build();
    CatalogReport report = CatalogValidator.validate(Catalog.of(s));
    assertThat(report.problems()).hasSize(3);
    assertThat(report.describe()).doesNotContain("s3cret").contains(
        "\"https://json-schema.org/draft-03/schema?api_key=***#\"",
        "https://schemas.example.com/a.json?sig=***&v=***#access_token=***&expires_in=***",
        "\"http://broker.example.com/cb?token=***;password=***&***\"");
  }
}

package io.github.osbsdk.broker.testkit.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.CheckResult;
import io.github.osbsdk.broker.testkit.SuiteResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The text report reads the same whatever the JVM's default locale. */
class TextReportLocaleTest {
  private final Locale before = Locale.getDefault();

  @AfterEach
  void restoreLocale() {
    Locale.setDefault(before);
  }

  @Test
  void durationIsWrittenWithAPointUnderATurkishDefaultLocale() {
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    SuiteResult run = new SuiteResult(List.of(new CheckResult("catalog is served", "catalog.get",
        "2.1", CheckResult.Status.PASSED, "", "", "")), Duration.ofMillis(1500));

    assertThat(TextReport.table(run)).contains("(1 checks in 1.5 s)");
  }
}

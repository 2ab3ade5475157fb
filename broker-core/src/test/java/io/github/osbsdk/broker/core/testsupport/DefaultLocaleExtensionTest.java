package io.github.osbsdk.broker.core.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Each test of a class that names a default locale runs in that locale. */
@WithDefaultLocale("az-AZ")
class DefaultLocaleExtensionTest {
  @Test
  void eachTestRunsInTheDefaultLocaleItsClassNames() {
    assertThat(Locale.getDefault().toLanguageTag()).isEqualTo("az-AZ");
    assertThat(Locale.getDefault(Locale.Category.FORMAT).toLanguageTag()).isEqualTo("az-AZ");
  }
}

package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link UrlPasswords#hide} hides the whole password of a {@code user:password@host} URL, also
 * one holding an {@code @} or a {@code /} (typed unencoded, as people do), which the start's
 * error message and {@link StateSettings#toString()} would otherwise print in part or whole.
 */
class UrlPasswordsReservedCharactersTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "postgresql://broker:pa@ss-s3cr3t@db:5432/hello",
      "postgresql://broker:pa/ss-s3cr3t@db:5432/hello"})
  void aPasswordWithAReservedCharacterIsHiddenWhole(String url) {
    assertThat(UrlPasswords.hide("cannot connect to " + url)).doesNotContain("s3cr3t");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "jdbc:postgresql://db:5432/hello?user=broker&password=s3cr3t",
      "jdbc:postgresql://db:5432/hello?PASSWORD=s3cr3t&user=broker",
      "jdbc:postgresql://broker:pa@s3cr3t@db:5432/hello",
      "Connection to broker:pa@s3cr3t@db:5432 refused",
      "\"postgresql://broker:s3cr3t@db/hello\""})
  void aJdbcUrlOrADriverMessageHidesThePasswordAndKeepsTheRest(String text) {
    assertThat(UrlPasswords.hide(text)).doesNotContain("s3cr3t").contains("db").contains("broker")
        .contains("...");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "postgresql://broker@db:5432/hello",
      "jdbc:postgresql://db:5432/hello?user=broker",
      "started at 10:30:00 on db:5432"})
  void aTextWithoutAPasswordIsLeftAsItIs(String text) {
    assertThat(UrlPasswords.hide(text)).isEqualTo(text);
  }
}

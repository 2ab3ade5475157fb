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
}

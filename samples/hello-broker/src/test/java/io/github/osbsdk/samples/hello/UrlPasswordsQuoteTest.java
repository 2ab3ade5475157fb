package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Audit: {@link UrlPasswords#hide} hides a password typed unencoded with a quote in it, as it
 * hides one with an {@code @} or a {@code /}. The version before 148537fa hid these; the
 * pattern that replaced it stops the password at a quote, finds no {@code @}, and prints it.
 */
class UrlPasswordsQuoteTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "postgresql://broker:it's-s3cr3t@db:5432/hello",
      "postgresql://broker:s3cr3t\"x@db:5432/hello",
      "jdbc:postgresql://broker:s3cr3t'x@db:5432/hello"})
  void aPasswordWithAQuoteIsHiddenWhole(String url) {
    assertThat(UrlPasswords.hide("cannot connect to " + url)).doesNotContain("s3cr3t");
  }
}

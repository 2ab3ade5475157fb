package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link StateSettings#toString()} hides a password a JDBC URL carries, as it promises. */
class StateSettingsToStringTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "jdbc:postgresql://db:5432/hello?user=broker&password=s3cr3t-pw&ssl=true",
      "jdbc:postgresql://db:5432/hello?PASSWORD=s3cr3t-pw",
      "jdbc:postgresql://broker:s3cr3t-pw@db:5432/hello"})
  void aPasswordInTheDatabaseUrlIsNotPrinted(String url) {
    StateSettings s = StateSettings.postgres(url, "broker", "other-secret",
        Duration.ofMinutes(5), new SecretKeySpec(new byte[16], "AES"));
    assertThat(s.toString()).doesNotContain("s3cr3t-pw").doesNotContain("other-secret")
        .contains("db:5432/hello");
  }
}

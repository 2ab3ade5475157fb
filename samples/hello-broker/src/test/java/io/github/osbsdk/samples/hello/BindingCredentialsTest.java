package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service keeps a digest of each binding's password; the password is in the bind answer. */
class BindingCredentialsTest {
  private static final String URL = "http://localhost:8080/data/i1";

  @Test
  void generatedCredentialsKeepOnlyTheDigestOfThePassword() {
    IssuedCredentials issued = BindingCredentials.generate("i1", "b1",
        Map.of("read_only", true), "app-1", URL);
    String password = issued.password();
    BindingCredentials stored = issued.stored();

    assertThat(password).hasSizeGreaterThanOrEqualTo(32);
    assertThat(stored.passwordSha256())
        .isEqualTo(HexFormat.of().formatHex(BindingCredentials.sha256(password)))
        .doesNotContain(password);
    assertThat(stored.asMapWithoutPassword()).containsExactly(Map.entry("url", URL),
        Map.entry("username", stored.username()), Map.entry("read_only", true));
    assertThat(issued.asMap()).containsExactly(Map.entry("url", URL),
        Map.entry("username", stored.username()), Map.entry("password", password),
        Map.entry("read_only", true));
  }

  @Test
  void thePasswordMatchesItsDigestAndNothingElse() {
    IssuedCredentials issued = BindingCredentials.generate("i1", "b1", Map.of(), null, URL);
    String password = issued.password();
    BindingCredentials stored = issued.stored();

    assertThat(stored.passwordMatches(password)).isTrue();
    assertThat(stored.passwordMatches("")).isFalse();
    assertThat(stored.passwordMatches(password.substring(1))).isFalse();
    assertThat(stored.passwordMatches(password + "x")).isFalse();
    assertThat(stored.passwordMatches(stored.passwordSha256())).isFalse();
  }

  @Test
  void aStoredRecordReadBackWithAnUpperCaseDigestStillMatches() {
    IssuedCredentials issued = BindingCredentials.generate("i1", "b1", Map.of(), null, URL);
    BindingCredentials s = issued.stored();
    BindingCredentials read = new BindingCredentials(s.instanceId(), s.bindingId(), s.username(),
        s.passwordSha256().toUpperCase(java.util.Locale.ROOT), s.readOnly(), s.parameters(),
        s.appGuid(), s.url());
    assertThat(read).isEqualTo(s);
    assertThat(read.passwordMatches(issued.password())).isTrue();
  }

  @Test
  void neitherThePasswordNorItsDigestIsEverPrinted() {
    IssuedCredentials issued = BindingCredentials.generate("i1", "b1", Map.of(), null, URL);
    assertThat(issued.stored().toString()).doesNotContain(issued.password())
        .doesNotContain(issued.stored().passwordSha256()).contains(issued.stored().username());
    assertThat(issued.toString()).doesNotContain(issued.password())
        .doesNotContain(issued.stored().passwordSha256()).contains("password=***");
  }

  @Test
  void aMalformedDigestIsRefusedWithoutBeingQuoted() {
    String notADigest = "zz" + "0".repeat(62);
    assertThatThrownBy(() -> new BindingCredentials("i1", "b1", "kv-1", notADigest, false,
        Map.of(), null, URL)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("passwordSha256 must be 64 hex digits");
    assertThatThrownBy(() -> new BindingCredentials("i1", "b1", "kv-1", "ab".repeat(31), false,
        Map.of(), null, URL)).hasMessage("passwordSha256 must be 64 hex digits");
  }
}

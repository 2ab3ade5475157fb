package io.github.osbsdk.broker.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicAuthenticatorTest {
  private static String basic(String userColonPassword) {
    return "Basic " + Base64.getEncoder()
        .encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void acceptsEveryConfiguredCredential() {
    BasicAuthenticator auth = BasicAuthenticator.builder().credential("a", "pa")
        .credential("b", "p:b").build();
    assertThat(auth.authenticate(basic("a:pa")).id()).isEqualTo("a");
    assertThat(auth.authenticate(basic("b:p:b")).id()).isEqualTo("b");
    assertThat(auth.authenticate("basic " + basic("a:pa").substring(6)).scheme())
        .isEqualTo("basic");
  }

  @Test
  void refusesWrongMissingAndMalformedCredentialsWithUnauthorized() {
    BasicAuthenticator auth = BasicAuthenticator.of("a", "pa");
    for (String header : new String[] {null, "", basic("a:pb"), basic("b:pa"), basic("a:pa "),
        basic("apa"), "Basic ###", "Bearer x", basic("b:pa").substring(0, 9)}) {
      assertThatThrownBy(() -> auth.authenticate(header)).as(String.valueOf(header))
          .isInstanceOfSatisfying(ServiceBrokerException.class,
              e -> assertThat(e.status()).isEqualTo(401));
    }
  }

  @Test
  void challengeNamesTheRealm() {
    assertThat(BasicAuthenticator.builder().credential("a", "b").realm("my broker").build()
        .challenge()).startsWith("Basic realm=\"my broker\"");
  }

  @Test
  void refusesUnusableConfiguration() {
    assertThatThrownBy(() -> BasicAuthenticator.builder().build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> BasicAuthenticator.of("a:b", "c"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BasicAuthenticator.of("a", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void neverShowsPasswordsInToString() {
    assertThat(BasicAuthenticator.of("a", "topsecret").toString()).doesNotContain("topsecret");
  }
}

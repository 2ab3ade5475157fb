package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Found by an audit: these settings built without error although each is unusable or silently
 * ignored (a blank step name AsyncWork.step refuses, a negative Retry-After that dropped the
 * header, both an authenticator and no authentication).
 */
class BuilderValidationTest {
  private static Broker.Builder builder() {
    return Broker.builder(new TestServiceBroker());
  }

  @Test
  void blankStepNameIsRefusedAtRegistration() {
    for (String blank : new String[] {"", " ", "\t\n"}) {
      assertThatThrownBy(() -> builder().step(blank, c -> { }))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    }
    assertThatCode(() -> builder().step("copy-data", c -> { })).doesNotThrowAnyException();
  }

  @Test
  void operationRetentionMustBePositive() {
    assertThatThrownBy(() -> builder().operationRetention(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention");
    assertThatThrownBy(() -> builder().operationRetention(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention");
    assertThatCode(() -> builder().operationRetention(Duration.ofMillis(1)))
        .doesNotThrowAnyException();
  }

  @Test
  void retryAfterMustBePositive() {
    assertThatThrownBy(() -> builder().retryAfter(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryAfter");
    assertThatThrownBy(() -> builder().retryAfter(Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryAfter");
    assertThatCode(() -> builder().retryAfter(Duration.ofMillis(50)))
        .doesNotThrowAnyException();
  }

  @Test
  void repeatWaitMustNotBeNegative() {
    assertThatThrownBy(() -> builder().repeatWait(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeat wait");
    assertThatCode(() -> builder().repeatWait(Duration.ZERO)).doesNotThrowAnyException();
  }

  @Test
  void authenticatorTogetherWithInsecureWithoutAuthenticationIsRefusedAtBuild() {
    assertThatThrownBy(() -> builder().authenticator(BasicAuthenticator.of("u", "p"))
        .insecureWithoutAuthentication().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("authenticator(...)")
        .hasMessageContaining("insecureWithoutAuthentication()");
    assertThatThrownBy(() -> builder().insecureWithoutAuthentication()
        .authenticator(BasicAuthenticator.of("u", "p")).build())
        .isInstanceOf(IllegalStateException.class);
  }
}

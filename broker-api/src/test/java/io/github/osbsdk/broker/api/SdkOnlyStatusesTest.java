package io.github.osbsdk.broker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.internal.SdkOnlyErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 401, 412 and 413 are answered only by the SDK: a provider cannot build one with the public
 * constructors (told at once what to do instead), while the SDK's own still can.
 */
class SdkOnlyStatusesTest {
  @ParameterizedTest
  @CsvSource({
      "401, Authenticator.unauthorized",
      "412, Broker.Builder.minimumApiVersion",
      "413, Broker.Builder.maxRequestBytes"})
  void constructingAStatusOnlyTheSdkAnswersFailsNamingTheRightWay(int status, String way) {
    assertThatThrownBy(() -> new ServiceBrokerException(status, null, "no"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("status " + status + " is answered only by the SDK")
        .hasMessageContaining(way);
    assertThatThrownBy(() -> new ServiceBrokerException(status, "Error", "no", null, null,
        new RuntimeException())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(way);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 403, 404, 409, 410, 422, 500, 503})
  void theStatusesAProviderAnswersAreStillBuilt(int status) {
    assertThat(new ServiceBrokerException(status, null, "d").status()).isEqualTo(status);
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 412, 413})
  void theSdksOwnStillBuildsThemAndTheirCopies(int status) {
    ServiceBrokerException e = SdkOnlyErrors.of(status, "why");
    RuntimeException cause = new RuntimeException();

    assertThat(e.status()).isEqualTo(status);
    assertThat(e.description()).isEqualTo("why");
    assertThat(e.error()).isNull();
    assertThat(e.withCause(cause)).hasCause(cause)
        .extracting(ServiceBrokerException::status).isEqualTo(status);
    assertThat(e.withInstanceUsable(true).status()).isEqualTo(status);
  }

  @Test
  void theSdksOwnBuildsNoOtherStatus() {
    assertThatThrownBy(() -> SdkOnlyErrors.of(400, "d"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noOneElseInstallsABuilder() {
    assertThatThrownBy(() -> SdkOnlyErrors.install((s, e, d) -> null))
        .isInstanceOf(IllegalStateException.class);
    assertThat(SdkOnlyErrors.of(401, null).status()).isEqualTo(401);
  }
}

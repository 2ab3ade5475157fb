package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.iam.ServiceIdTokenProviderTest.ScriptedToken;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service ID token and the pause after a failed fetch age on the monotonic clock, over real
 * HTTP: a step of the wall clock (NTP, a virtual machine resumed) neither keeps a token past
 * its lifetime nor drops it early, and neither lengthens nor ends a pause. IAM's
 * {@code expiration}, an epoch time, is read once against the wall clock, as a lifetime.
 */
class ServiceIdTokenWallClockStepTest extends WithIamSimulator {
  TestClock elapsed;

  @BeforeEach
  void monotonicClockOfItsOwn() {
    elapsed = new TestClock(Instant.EPOCH);
  }

  private ServiceIdTokenProvider provider(IamConfig on) {
    return ServiceIdTokenProvider.builder(on, API_KEY).clock(clock)
        .nanoTime(Ticks.following(elapsed)).executor(Runnable::run).build();
  }

  @Test
  void aWallClockStepBackDoesNotKeepATokenPastItsLifetime() {
    ServiceIdTokenProvider p = provider(config);
    p.token();

    clock.advance(Duration.ofHours(-2));
    elapsed.advance(Duration.ofMinutes(61)); // the simulator's tokens live an hour

    p.token();
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).as("token fetches").isEqualTo(2);
  }

  @Test
  void aWallClockStepForwardDoesNotDropAToken() {
    ServiceIdTokenProvider p = provider(config);
    String first = p.token();

    clock.advance(Duration.ofHours(2));
    elapsed.advance(Duration.ofMinutes(1));

    assertThat(p.token()).isEqualTo(first);
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).as("token fetches").isEqualTo(1);
  }

  @Test
  void aWallClockStepBackDoesNotLengthenThePauseAfterAFailedFetch() {
    iam.faults().tooManyRequests(IamEndpoint.TOKEN, Duration.ofSeconds(120));
    ServiceIdTokenProvider p = provider(config);
    assertThatThrownBy(p::token).isInstanceOf(IamException.class).hasMessageContaining("429");
    iam.faults().reset();

    clock.advance(Duration.ofHours(-1));
    elapsed.advance(Duration.ofSeconds(121));

    assertThat(p.token()).isNotEmpty();
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).as("token fetches").isEqualTo(2);
  }

  @Test
  void aWallClockStepForwardDoesNotEndThePauseAfterAFailedFetch() {
    iam.faults().tooManyRequests(IamEndpoint.TOKEN, Duration.ofSeconds(120));
    ServiceIdTokenProvider p = provider(config);
    assertThatThrownBy(p::token).isInstanceOf(IamException.class);
    iam.faults().reset();

    clock.advance(Duration.ofHours(1));
    elapsed.advance(Duration.ofSeconds(10));

    assertThatThrownBy(p::token).isInstanceOf(IamException.class).hasMessageContaining("429");
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).as("token fetches").isEqualTo(1);
  }

  @Test
  void expirationAloneIsReadAsALifetimeThatAWallClockStepBackDoesNotLengthen()
      throws Exception {
    long expiration = clock.millis() / 1000 + 3600;
    try (ScriptedToken server = new ScriptedToken(
        n -> "{\"access_token\":\"tok" + n + "\",\"expiration\":" + expiration + "}")) {
      ServiceIdTokenProvider p = provider(scripted(server));
      assertThat(p.token()).isEqualTo("tok0");

      clock.advance(Duration.ofHours(-2));
      elapsed.advance(Duration.ofMinutes(61));

      assertThat(p.token()).isEqualTo("tok1");
    }
  }

  @Test
  void expirationAloneIsReadAsALifetimeThatAWallClockStepForwardDoesNotEnd() throws Exception {
    long expiration = clock.millis() / 1000 + 3600;
    try (ScriptedToken server = new ScriptedToken(
        n -> "{\"access_token\":\"tok" + n + "\",\"expiration\":" + expiration + "}")) {
      ServiceIdTokenProvider p = provider(scripted(server));
      assertThat(p.token()).isEqualTo("tok0");

      clock.advance(Duration.ofHours(2));
      elapsed.advance(Duration.ofMinutes(1));

      assertThat(p.token()).isEqualTo("tok0");
      assertThat(server.calls.get()).isEqualTo(1);
    }
  }

  private static IamConfig scripted(ScriptedToken server) {
    return IamConfig.builder().iamUrl(server.baseUrl()).requestTimeout(Duration.ofSeconds(30))
        .build();
  }
}

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
 * The service ID token ages by the greater of its monotonic and wall-clock ages, and the pause
 * after a failed fetch on the monotonic clock only, over real HTTP: neither a step of the wall
 * clock back (NTP) nor a suspend (real time passes, the monotonic clock stands still) keeps a
 * token past its lifetime; a step forward may renew it early, costing a fetch; no step lengthens
 * or ends a pause. IAM's {@code expiration}, an epoch time, is read once against the wall clock,
 * as a lifetime.
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
  void aSuspendDoesNotKeepATokenPastItsLifetime() {
    ServiceIdTokenProvider p = provider(config);
    p.token();

    clock.advance(Duration.ofMinutes(61)); // the monotonic clock stood still

    p.token();
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).as("token fetches").isEqualTo(2);
  }

  @Test
  void aTokenThatWentStaleDuringASuspendIsFetchedAnewDespiteThePause() {
    ServiceIdTokenProvider p = provider(config);
    String first = p.token();
    elapsed.advance(Duration.ofMinutes(50)); // due for renewal, 10 minutes until stale
    clock.advance(Duration.ofMinutes(50));
    iam.faults().tooManyRequests(IamEndpoint.TOKEN, Duration.ofSeconds(300));
    assertThat(p.token()).as("still good while its renewal fails").isEqualTo(first);
    iam.faults().reset();

    clock.advance(Duration.ofMinutes(15)); // suspended: stale, though 5 minutes of pause are left

    assertThat(p.token()).isNotEqualTo(first);
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).as("token fetches").isEqualTo(3);
  }

  @Test
  void aWallClockStepForwardPastTheLifetimeOnlyCostsAFetch() {
    ServiceIdTokenProvider p = provider(config);
    String first = p.token();

    clock.advance(Duration.ofHours(2));
    elapsed.advance(Duration.ofMinutes(1));

    String second = p.token();
    assertThat(second).isNotEqualTo(first);
    assertThat(p.token()).isEqualTo(second);
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).as("token fetches").isEqualTo(2);
  }

  @Test
  void aWallClockStepForwardWithinTheLifetimeKeepsAToken() {
    ServiceIdTokenProvider p = provider(config);
    String first = p.token();

    clock.advance(Duration.ofMinutes(20));
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
  void expirationAloneIsReadAsALifetimeThatASuspendDoesNotLengthen() throws Exception {
    long expiration = clock.millis() / 1000 + 3600;
    try (ScriptedToken server = new ScriptedToken(
        n -> "{\"access_token\":\"tok" + n + "\",\"expiration\":" + (expiration + 3600 * n)
            + "}")) {
      ServiceIdTokenProvider p = provider(scripted(server));
      assertThat(p.token()).isEqualTo("tok0");

      clock.advance(Duration.ofMinutes(61)); // the monotonic clock stood still

      assertThat(p.token()).isEqualTo("tok1");
    }
  }

  @Test
  void expirationAloneIsReadAsALifetimeThatAWallClockStepForwardWithinItKeeps()
      throws Exception {
    long expiration = clock.millis() / 1000 + 3600;
    try (ScriptedToken server = new ScriptedToken(
        n -> "{\"access_token\":\"tok" + n + "\",\"expiration\":" + expiration + "}")) {
      ServiceIdTokenProvider p = provider(scripted(server));
      assertThat(p.token()).isEqualTo("tok0");

      clock.advance(Duration.ofMinutes(20));
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

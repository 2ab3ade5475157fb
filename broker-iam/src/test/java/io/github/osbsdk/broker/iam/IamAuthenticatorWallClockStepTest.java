package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A verified token is remembered until its maximum age has passed on the monotonic or the wall
 * clock, whichever is first (and never past its {@code exp} on the wall clock): neither a step of
 * the wall clock back nor a suspend (real time passes, the monotonic clock stands still) keeps it
 * longer; a step forward may end it early, costing one verification. Whether a call was answered
 * from memory or verified again is read from the meters.
 */
class IamAuthenticatorWallClockStepTest extends WithIamSimulator {
  private static final String CALLER = "crn-crn:v1:bluemix:public:hello::a/acct1::";
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TestClock elapsed;
  private IamAuthenticator auth;
  private String token;

  @BeforeEach
  void authenticatorOnItsOwnMonotonicClock() {
    elapsed = new TestClock(Instant.EPOCH);
    auth = IamAuthenticator.builder(config).allowedIdentities(Set.of(CALLER)).clock(clock)
        .nanoTime(Ticks.following(elapsed)).leeway(Duration.ofMinutes(5))
        .verifiedTokenCache(100, Duration.ofMinutes(5)).meterRegistry(registry).build();
    token = iam.token().iamId(CALLER).expiresIn(Duration.ofHours(1)).sign();
    assertThat(auth.authenticate("Bearer " + token).id()).isEqualTo(CALLER);
  }

  @Test
  void aWallClockStepBackDoesNotKeepAVerifiedTokenPastItsMaxAge() {
    clock.advance(Duration.ofMinutes(-4));
    elapsed.advance(Duration.ofMinutes(6));

    assertThat(auth.authenticate("Bearer " + token).id()).isEqualTo(CALLER);
    assertThat(accepted("cache")).as("answered from memory").isZero();
    assertThat(accepted("verified")).isEqualTo(2);
  }

  @Test
  void aSuspendDoesNotKeepAVerifiedTokenPastItsMaxAge() {
    clock.advance(Duration.ofMinutes(6)); // the token's exp is 54 minutes ahead still
    // the monotonic clock stood still while the machine was suspended

    assertThat(auth.authenticate("Bearer " + token).id()).isEqualTo(CALLER);
    assertThat(accepted("cache")).as("answered from memory").isZero();
    assertThat(accepted("verified")).isEqualTo(2);
  }

  @Test
  void aWallClockStepForwardPastTheMaxAgeOnlyCostsAVerification() {
    clock.advance(Duration.ofMinutes(20)); // the token's exp is 40 minutes ahead still
    elapsed.advance(Duration.ofMinutes(1));

    assertThat(auth.authenticate("Bearer " + token).id()).isEqualTo(CALLER);
    assertThat(auth.authenticate("Bearer " + token).id()).isEqualTo(CALLER);
    assertThat(accepted("verified")).as("verified again once").isEqualTo(2);
    assertThat(accepted("cache")).as("then answered from memory").isEqualTo(1);
  }

  @Test
  void aWallClockStepForwardWithinTheMaxAgeKeepsAVerifiedToken() {
    clock.advance(Duration.ofMinutes(3));
    elapsed.advance(Duration.ofMinutes(1));

    assertThat(auth.authenticate("Bearer " + token).id()).isEqualTo(CALLER);
    assertThat(accepted("cache")).as("answered from memory").isEqualTo(1);
    assertThat(accepted("verified")).isEqualTo(1);
  }

  private double accepted(String source) {
    Counter c = registry.find("osb.iam.tokens.accepted").tag("source", source).counter();
    return c == null ? 0 : c.count();
  }
}

package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cached decisions end when their lifetime has passed on the monotonic or the wall clock,
 * whichever is first, and the pause after a 429 ages on the monotonic clock only, over real HTTP
 * to the IAM simulator: neither a step of the wall clock back (NTP) nor a suspend (real time
 * passes, the monotonic clock stands still) keeps a decision past its lifetime (a revoked
 * permit); a step forward ends decisions early, costing a call to IAM; no step lengthens or ends
 * a pause.
 */
class AuthzClientWallClockStepTest extends WithAuthzClient {
  TestClock elapsed;
  AuthzClient client;

  @BeforeEach
  void clientOnItsOwnMonotonicClock() {
    iam.permit(USER, ACTION, CRN); // again: a test revokes it
    elapsed = new TestClock(Instant.EPOCH);
    client = AuthzClient.builder(config, tokens).clock(clock).nanoTime(Ticks.following(elapsed))
        .decisionCache(100, Duration.ofMinutes(1), Duration.ofSeconds(10)).build();
  }

  @Test
  void aWallClockStepBackDoesNotKeepAPermitPastItsLifetime() {
    assertThat(client.isPermitted(USER, null, ACTION, CRN)).isTrue();
    iam.revokeAll(); // the access is removed in IAM

    clock.advance(Duration.ofHours(-1));
    elapsed.advance(Duration.ofSeconds(61));

    assertThat(client.isPermitted(USER, null, ACTION, CRN)).as("permit after its minute")
        .isFalse();
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(2);
  }

  @Test
  void aSuspendDoesNotKeepAPermitPastItsLifetime() {
    assertThat(client.isPermitted(USER, null, ACTION, CRN)).isTrue();
    iam.revokeAll(); // the access is removed in IAM while the machine is suspended

    clock.advance(Duration.ofSeconds(61)); // the monotonic clock stood still

    assertThat(client.isPermitted(USER, null, ACTION, CRN)).as("permit after its minute")
        .isFalse();
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(2);
  }

  @Test
  void aWallClockStepForwardEndsCachedDecisionsEarlyAtTheCostOfACallToIam() {
    assertThat(client.isPermitted(USER, null, ACTION, CRN)).isTrue();
    assertThat(client.isPermitted(OTHER, null, ACTION, CRN)).isFalse();

    clock.advance(Duration.ofHours(2));
    elapsed.advance(Duration.ofSeconds(5));

    assertThat(client.isPermitted(USER, null, ACTION, CRN)).isTrue();
    assertThat(client.isPermitted(OTHER, null, ACTION, CRN)).isFalse();
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).as("calls to IAM").isEqualTo(4);
  }

  @Test
  void aWallClockStepForwardWithinTheLifetimeKeepsACachedDecision() {
    assertThat(client.isPermitted(USER, null, ACTION, CRN)).isTrue();

    clock.advance(Duration.ofSeconds(30));
    elapsed.advance(Duration.ofSeconds(5));

    assertThat(client.isPermitted(USER, null, ACTION, CRN)).isTrue();
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).as("calls to IAM").isEqualTo(1);
  }

  @Test
  void aWallClockStepBackDoesNotLengthenIamsPause() {
    iam.faults().tooManyRequests(IamEndpoint.AUTHZ, Duration.ofSeconds(5));
    assertThat(client.decide(check())).isEqualTo(AuthzDecision.UNDECIDED);
    iam.faults().reset();

    clock.advance(Duration.ofHours(-1));
    elapsed.advance(Duration.ofSeconds(6));

    assertThat(client.pause()).isZero();
    assertThat(client.decide(check())).isEqualTo(AuthzDecision.PERMITTED);
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(2);
  }

  @Test
  void aWallClockStepForwardDoesNotEndIamsPause() {
    iam.faults().tooManyRequests(IamEndpoint.AUTHZ, Duration.ofSeconds(5));
    assertThat(client.decide(check())).isEqualTo(AuthzDecision.UNDECIDED);
    iam.faults().reset();

    clock.advance(Duration.ofHours(1));
    elapsed.advance(Duration.ofSeconds(1));

    assertThat(client.pause()).isEqualTo(Duration.ofSeconds(4));
    assertThat(client.decide(check())).isEqualTo(AuthzDecision.UNDECIDED);
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).as("calls to IAM").isEqualTo(1);
  }

  private static AuthzCheck check() {
    return new AuthzCheck(new AuthzSubject(USER, null, null), ACTION, CRN);
  }
}

package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AuthzClient#decide} over HTTP against the simulator: a denial is told apart from IAM
 * failing to decide, while {@link AuthzClient#isPermitted} still fails closed for both.
 */
class AuthzDecisionTest extends WithAuthzClient {
  @BeforeEach
  void tokenAtHand() {
    tokens.token(); // the broker's token is at hand: only authz is faulted
  }

  AuthzCheck check(String user) {
    return new AuthzCheck(new AuthzSubject(user, "ibm openid", null), ACTION, CRN);
  }

  @Test
  void permitAndDenyAreDecisions() {
    AuthzClient c = client();
    assertThat(c.decide(check(USER))).isEqualTo(AuthzDecision.PERMITTED);
    assertThat(c.decide(check(OTHER))).isEqualTo(AuthzDecision.DENIED);
    assertThat(c.decide(List.of(check(USER), check(OTHER))))
        .containsExactly(AuthzDecision.PERMITTED, AuthzDecision.DENIED);
  }

  @Test
  void iamRefusingTheCallAsBadIsADenial() {
    iam.faults().failWith(IamEndpoint.AUTHZ, 400);
    assertThat(client().decide(check(USER))).isEqualTo(AuthzDecision.DENIED);
  }

  @Test
  void iamFailingToAnswerIsUndecidedAndStillNotPermitted() {
    List<Consumer<IamSimulator>> faults = List.of(
        s -> s.faults().down(IamEndpoint.AUTHZ),
        s -> s.faults().failWith(IamEndpoint.AUTHZ, 500),
        s -> s.faults().failWith(IamEndpoint.AUTHZ, 503),
        s -> s.faults().malformedResponse(IamEndpoint.AUTHZ),
        s -> s.faults().tooManyRequests(IamEndpoint.AUTHZ, Duration.ofSeconds(30)),
        s -> s.faults().delay(IamEndpoint.AUTHZ, Duration.ofSeconds(5)));
    for (int i = 0; i < faults.size(); i++) {
      iam.faults().reset();
      faults.get(i).accept(iam);
      AuthzClient c = client();
      assertThat(c.decide(check(USER))).as("fault %d", i).isEqualTo(AuthzDecision.UNDECIDED);
      assertThat(c.isPermitted(check(USER))).as("fault %d", i).isFalse();
      assertThat(c.check(List.of(check(USER)))).as("fault %d", i).containsExactly(false);
    }
  }

  @Test
  void aPauseAfterA429LeavesChecksUndecidedSaysHowLongAndWarnsOnce() {
    AuthzClient c = client();
    iam.faults().tooManyRequests(IamEndpoint.AUTHZ, Duration.ofSeconds(120));
    assertThat(c.decide(check(USER))).isEqualTo(AuthzDecision.UNDECIDED);
    assertThat(c.pause()).isEqualTo(Duration.ofSeconds(120));
    iam.faults().reset();
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 20; i++) {
        clock.advance(Duration.ofSeconds(1));
        assertThat(c.decide(check(USER))).isEqualTo(AuthzDecision.UNDECIDED);
      }
      assertThat(log.lines()).filteredOn(l -> l.contains("WARN")).hasSize(1)
          .allMatch(l -> l.contains("pause") && l.contains("undecided"));
    }
    assertThat(c.pause()).isEqualTo(Duration.ofSeconds(100));
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(101));
    assertThat(c.pause()).isZero();
    assertThat(c.decide(check(USER))).isEqualTo(AuthzDecision.PERMITTED);
  }

  @Test
  void noBrokerTokenIsUndecided() {
    ServiceIdTokenProvider wrong = ServiceIdTokenProvider.builder(config, "wrong-key").build();
    AuthzClient c = AuthzClient.builder(config, wrong).clock(clock)
        .nanoTime(Ticks.following(clock)).build();
    assertThat(c.decide(check(USER))).isEqualTo(AuthzDecision.UNDECIDED);
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isZero();
  }
}

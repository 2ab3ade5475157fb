package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link AuthzClient} logs at the default level (INFO) while IAM's policy decision point
 * keeps failing: one line per minute, not one per call, and the next line says how many calls
 * failed in between.
 */
class AuthzFailureLoggingTest extends WithAuthzClient {
  AuthzClient client;

  @BeforeEach
  void tokenAtHand() {
    tokens.token(); // the broker's token is at hand: only authz is faulted
    client = client();
  }

  AuthzCheck check() {
    return new AuthzCheck(new AuthzSubject(USER, "ibm openid", null), ACTION, CRN);
  }

  static List<String> authzLines(StderrCapture log) {
    return log.lines().stream().filter(l -> l.contains("IAM authz")).toList();
  }

  @Test
  void aHundredCallsFailingWhileIamIsDownLogOneLineThenOneCountingTheOthers() {
    iam.faults().down(IamEndpoint.AUTHZ);
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 100; i++) {
        clock.advance(Duration.ofMillis(100));
        assertThat(client.decide(check())).isEqualTo(AuthzDecision.UNDECIDED);
      }
      assertThat(authzLines(log)).hasSize(1)
          .allMatch(l -> l.contains("ERROR") && l.contains("IAM authz call failed"))
          .noneMatch(l -> l.contains("suppressed"));

      clock.advance(Duration.ofMinutes(1));
      assertThat(client.decide(check())).isEqualTo(AuthzDecision.UNDECIDED);
      assertThat(authzLines(log)).hasSize(2);
      assertThat(authzLines(log).get(1)).contains("IAM authz call failed")
          .contains("(99 similar suppressed since ");
    }
  }

  @Test
  void serverErrorsOfIamAreLimitedTheSameWay() {
    iam.faults().failWith(IamEndpoint.AUTHZ, 503);
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 20; i++) {
        assertThat(client.decide(check())).isEqualTo(AuthzDecision.UNDECIDED);
      }
      assertThat(authzLines(log)).hasSize(1).allMatch(l -> l.contains("answered 503"));
      clock.advance(Duration.ofMinutes(1));
      client.decide(check());
      assertThat(authzLines(log)).hasSize(2).last().asString()
          .contains("(19 similar suppressed since ");
    }
  }

  @Test
  void refusalsOfTheCallAreLimitedToo() {
    iam.faults().failWith(IamEndpoint.AUTHZ, 400);
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 20; i++) {
        client.clearCache();
        assertThat(client.decide(check())).isEqualTo(AuthzDecision.DENIED);
      }
      assertThat(authzLines(log)).hasSize(1)
          .allMatch(l -> l.contains("WARN") && l.contains("answered 400"));
    }
  }

  @Test
  void refusalsOfTheBrokersOwnCredentialsAreLimited() {
    iam.faults().failWith(IamEndpoint.AUTHZ, 403);
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 20; i++) {
        assertThat(client.decide(check())).isEqualTo(AuthzDecision.UNDECIDED);
      }
      assertThat(authzLines(log)).hasSize(1)
          .allMatch(l -> l.contains("ERROR") && l.contains("answered 403"));
    }
  }

  @Test
  void aDifferentFailureIsLoggedAtOnce() {
    iam.faults().down(IamEndpoint.AUTHZ);
    try (StderrCapture log = new StderrCapture()) {
      client.decide(check());
      client.decide(check());
      iam.faults().reset();
      iam.faults().failWith(IamEndpoint.AUTHZ, 500);
      client.decide(check());
      assertThat(authzLines(log)).hasSize(2);
      assertThat(authzLines(log).get(1)).contains("answered 500");
    }
  }
}

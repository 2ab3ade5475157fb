package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authz call-failure limiter must not hide a different failure: after IAM answered 429 (the
 * broker asked too often; it pauses), IAM answering 500 (IAM itself broken) is another fault, as
 * a 401 turning into a 403 is, and is logged at once rather than at DEBUG for a minute.
 */
class AuthzStatusChangeLoggingTest {
  static final String USER = "IBMid-user1";
  static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acct1:inst1::";
  static final String ACTION = "hello.dashboard.view";
  static IamSimulator iam;
  TestClock clock;
  AuthzClient client;

  @BeforeAll
  static void startIam() {
    iam = IamSimulator.start();
    iam.registerApiKey("broker-key", "iam-ServiceId-broker");
    iam.permit(USER, ACTION, CRN);
  }

  @AfterAll
  static void stopIam() {
    iam.close();
  }

  @BeforeEach
  void reset() {
    iam.faults().reset();
    IamConfig config = IamConfig.builder().iamUrl(iam.baseUrl())
        .requestTimeout(Duration.ofSeconds(15)).build();
    clock = new TestClock();
    ServiceIdTokenProvider tokens = ServiceIdTokenProvider.builder(config, "broker-key").build();
    tokens.token(); // the broker's token is at hand: only authz is faulted
    client = AuthzClient.builder(config, tokens).clock(clock).nanoTime(Ticks.following(clock))
        .build();
  }

  AuthzCheck check() {
    return new AuthzCheck(new AuthzSubject(USER, "ibm openid", null), ACTION, CRN);
  }

  static List<String> authzLines(StderrCapture log) {
    return log.lines().stream().filter(l -> l.contains("IAM authz")).toList();
  }

  @Test
  void a500AfterA429IsLoggedAtOnceAsAnotherFailure() {
    try (StderrCapture log = new StderrCapture()) {
      iam.faults().tooManyRequests(IamEndpoint.AUTHZ, Duration.ofSeconds(1))
          .forNextRequests(IamEndpoint.AUTHZ, 1);
      assertThat(client.decide(check())).isEqualTo(AuthzDecision.UNDECIDED);
      clock.advance(Duration.ofSeconds(5)); // past IAM's pause
      iam.faults().reset().failWith(IamEndpoint.AUTHZ, 500);
      assertThat(client.decide(check())).isEqualTo(AuthzDecision.UNDECIDED);
      assertThat(authzLines(log)).anyMatch(l -> l.contains("ERROR") && l.contains("429"));
      assertThat(authzLines(log)).anyMatch(l -> l.contains("ERROR") && l.contains("500"));
    }
  }
}

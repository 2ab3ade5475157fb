package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AuthzClient} over HTTP against the IAM simulator. */
class AuthzClientTest extends WithAuthzClient {
  /**
   * Generous: on a loaded machine a cold first call (the token's) can take seconds; a test of
   * what a timeout does sets its own (iamDownOrSlowDenies).
   */
  @Override
  Duration requestTimeout() {
    return Duration.ofSeconds(30);
  }

  @Test
  void permittedSubjectIsPermitted() {
    assertThat(client().isPermitted(USER, "ibm openid", ACTION, CRN)).isTrue();
    assertThat(iam.lastTransactionId()).startsWith("osb-broker-");
  }

  @Test
  void otherSubjectIsDenied() {
    assertThat(client().isPermitted(OTHER, "ibm openid", ACTION, CRN)).isFalse();
    assertThat(client().isPermitted(USER, "ibm openid", "hello.other", CRN)).isFalse();
  }

  @Test
  void subjectWithoutAKnownScopeIsSentWithIamsDefaultScope() {
    assertThat(client().isPermitted(USER, null, ACTION, CRN)).isTrue();
    assertThat(iam.lastAuthzRequestBody()).contains("\"scope\":\"ibm openid\"");
    assertThat(client().isPermitted(USER, "ibm", ACTION, CRN)).isTrue();
    assertThat(iam.lastAuthzRequestBody()).contains("\"scope\":\"ibm\"");
  }

  @Test
  void eachCallCarriesItsOwnTransactionId() {
    AuthzClient c = client();
    c.isPermitted(USER, null, ACTION, CRN);
    String first = iam.lastTransactionId();
    c.isPermitted(OTHER, null, ACTION, CRN);
    assertThat(iam.lastTransactionId()).isNotEqualTo(first);
  }

  @Test
  void decisionsAreCachedWithSeparatePermitAndDenyLifetimes() {
    AuthzClient c = AuthzClient.builder(config, tokens).clock(clock)
        .nanoTime(Ticks.following(clock))
        .decisionCache(100, Duration.ofMinutes(5), Duration.ofSeconds(10)).build();
    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isTrue();
    assertThat(c.isPermitted(OTHER, null, ACTION, CRN)).isFalse();
    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isTrue();
    assertThat(c.isPermitted(OTHER, null, ACTION, CRN)).isFalse();
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(2);
    clock.advance(Duration.ofSeconds(11)); // deny expired, permit not
    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isTrue();
    assertThat(c.isPermitted(OTHER, null, ACTION, CRN)).isFalse();
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(3);
  }

  @Test
  void batchIsOneRequestWithOneDecisionPerCheck() {
    List<Boolean> decisions = client().check(List.of(
        new AuthzCheck(new AuthzSubject(USER, "ibm", null), ACTION, CRN),
        new AuthzCheck(new AuthzSubject(OTHER, "ibm", null), ACTION, CRN)));
    assertThat(decisions).containsExactly(true, false);
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(1);
    assertThat(iam.lastAuthzRequestBody()).contains("\"attributes\"").contains(CRN);
  }

  @Test
  void accessTokenBodyFormSendsTheUsersToken() {
    String userToken = iam.token().iamId(USER).scope("ibm openid").sign();
    AuthzClient c = AuthzClient.builder(config, tokens)
        .subjectForm(AuthzClient.SubjectForm.ACCESS_TOKEN_BODY).build();
    assertThat(c.isPermitted(new AuthzCheck(new AuthzSubject(USER, "ibm openid", userToken),
        ACTION, CRN))).isTrue();
    assertThat(iam.lastAuthzRequestBody()).contains("accessTokenBody");
    String otherToken = iam.token().iamId(OTHER).sign();
    assertThat(c.isPermitted(new AuthzCheck(new AuthzSubject(OTHER, null, otherToken),
        ACTION, CRN))).isFalse();
  }

  @Test
  void iamServerErrorDeniesAndIsNotCached() {
    AuthzClient c = client();
    tokens.token();
    iam.faults().failWith(IamEndpoint.AUTHZ, 500);
    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isFalse();
    iam.faults().reset();
    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isTrue();
  }

  @Test
  void iamRefusingTheBrokersOwnCallLeavesTheCheckUndecidedUncachedAndTellsTheOperator() {
    AuthzClient c = client();
    String token = tokens.token();
    AuthzCheck check = new AuthzCheck(new AuthzSubject(USER, null, null), ACTION, CRN);
    for (int status : new int[] {401, 403}) {
      iam.faults().failWith(IamEndpoint.AUTHZ, status);
      try (StderrCapture log = new StderrCapture()) {
        assertThat(c.decide(check)).isEqualTo(AuthzDecision.UNDECIDED);
        assertThat(log.lines()).anyMatch(l -> l.contains("ERROR") && l.contains("" + status)
            && l.contains("the broker's own")).noneMatch(l -> l.contains(token));
      }
      iam.faults().reset();
      assertThat(c.decide(check)).isEqualTo(AuthzDecision.PERMITTED); // not cached
      c.clearCache();
    }
  }

  @Test
  void iamDownOrSlowDenies() {
    tokens.token(); // with the generous timeout: only the authz call is to time out
    IamConfig impatient = IamConfig.builder().iamUrl(iam.baseUrl())
        .requestTimeout(Duration.ofMillis(700)).build();
    AuthzClient c = AuthzClient.builder(impatient, tokens).clock(clock)
        .nanoTime(Ticks.following(clock)).build();
    iam.faults().down(IamEndpoint.AUTHZ);
    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isFalse();
    iam.faults().reset().delay(IamEndpoint.AUTHZ, Duration.ofSeconds(2)); // then it would permit
    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isFalse();
  }

  @Test
  void garbageReplyDenies() {
    tokens.token();
    iam.faults().malformedResponse(IamEndpoint.AUTHZ);
    assertThat(client().isPermitted(USER, null, ACTION, CRN)).isFalse();
  }

  @Test
  void brokerTokenRefusedBeforeItsExpiryIsRenewedForTheNextCall() {
    tokens = ServiceIdTokenProvider.builder(config, API_KEY).clock(clock)
        .nanoTime(Ticks.following(clock)).build();
    AuthzClient c = client();
    tokens.token();
    clock.advance(Duration.ofMillis(ServiceIdTokenProvider.REFUSED_TOKEN_MIN_AGE_MILLIS));
    iam.faults().failWith(IamEndpoint.AUTHZ, 401).forNextRequests(IamEndpoint.AUTHZ, 1);

    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isFalse();
    // before: the refused token was used until it expired (up to an hour of denials)
    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isTrue();
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(2);
  }

  @Test
  void freshBrokerTokenRefusedIsNotRenewedAgainAndAgain() {
    tokens = ServiceIdTokenProvider.builder(config, API_KEY).clock(clock)
        .nanoTime(Ticks.following(clock)).build();
    AuthzClient c = client();
    iam.faults().failWith(IamEndpoint.AUTHZ, 401);
    for (int i = 0; i < 5; i++) {
      assertThat(c.isPermitted(USER, null, ACTION + i, CRN)).isFalse();
    }
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1);
  }

  @Test
  void noBrokerTokenDenies() {
    iam.faults().failWith(IamEndpoint.TOKEN, 500);
    assertThat(client().isPermitted(USER, null, ACTION, CRN)).isFalse();
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isZero();
  }
}

package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared SSO key store (e.g. PostgreSQL) unavailable during sign-in, callback and session
 * check, on a real Broker: a clear page with a 503, never a 500, and no session (fail closed).
 */
class DashboardSsoKeyStoreOutageTest extends WithDashboardSso {
  volatile byte[] key = new byte[32];
  volatile boolean down;

  @BeforeEach
  void start() {
    SsoKeyStore keys = new SsoKeyStore() {
      @Override
      public byte[] signingKey() {
        if (down) {
          throw new StoreUnavailableException("read SSO keys: connection refused", null);
        }
        return key.clone();
      }

      @Override
      public List<byte[]> verificationKeys() {
        return List.of(signingKey());
      }
    };
    DashboardSso sso = ssoBuilder(iam, server.base).keyStore(keys)
        .dashboard((id, user) -> "<html><body>instance " + id + "</body></html>")
        .build();
    Broker broker = Broker.builder(new BrokerIamHttpTest.HelloBroker())
        .authenticator(IamAuthenticator.builder(IamConfig.builder().iamUrl(iam.baseUrl()).build())
            .allowedIdentities(java.util.Set.of("crn-platform")).build())
        .register(sso.resource()).build();
    server.start(broker.singletons());
  }

  URI dashboard() {
    return URI.create(server.base + "/dashboard/"
        + URLEncoder.encode(CRN, StandardCharsets.UTF_8));
  }

  /** Signs in through IAM while the key store works: the callback's answer, a 303. */
  HttpResponse<String> signIn() throws Exception {
    HttpResponse<String> start = get(dashboard(), null);
    URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> fromIam = get(authorize, null);
    URI callback = authorize.resolve(fromIam.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> signedIn = get(callback, cookies(start));
    assertThat(signedIn.statusCode()).isEqualTo(303);
    return signedIn;
  }

  static void assertUnavailablePage(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.github");
    assertThat(r.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("osb_dashboard_session="));
  }

  @Test
  void signInStartWhileKeyStoreIsDownAnswersUnavailablePage() throws Exception {
    down = true;
    assertUnavailablePage(get(dashboard(), null));
  }

  @Test
  void callbackWhileKeyStoreIsDownAnswersUnavailablePage() throws Exception {
    HttpResponse<String> start = get(dashboard(), null);
    assertThat(start.statusCode()).isEqualTo(303);
    URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> fromIam = get(authorize, null);
    URI callback = authorize.resolve(fromIam.headers().firstValue("Location").orElseThrow());
    down = true;
    assertUnavailablePage(get(callback, cookies(start)));
  }

  @Test
  void sessionCheckWhileKeyStoreIsDownAnswersUnavailablePage() throws Exception {
    HttpResponse<String> signedIn = signIn();
    down = true;
    assertUnavailablePage(get(dashboard(), cookies(signedIn)));
  }

  @ParameterizedTest // one resource each: its error is logged once a minute
  @ValueSource(ints = {0, 16, 31})
  void keyStoreGivingAKeyShorterThan32BytesAnswersUnavailablePage(int length) throws Exception {
    key = new byte[length];
    try (StderrCapture log = new StderrCapture()) {
      assertUnavailablePage(get(dashboard(), null));
      assertThat(log.lines()).anyMatch(l -> l.contains("shorter than 32 bytes"));
    }
  }

  @Test
  void aKeyStoreDownOnEveryRequestLogsOneErrorNotOnePerRequest() throws Exception {
    down = true;
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 10; i++) {
        assertUnavailablePage(get(dashboard(), null));
      }
      assertThat(log.lines()).filteredOn(l -> l.contains("ERROR"))
          .singleElement().asString().contains("the SSO key store failed");
    }
  }

  @Test
  void aKeyStoreOutageIsLoggedAtOnceRightAfterAnIamDiscoveryOutage() throws Exception {
    try (StderrCapture log = new StderrCapture()) {
      iam.faults().failWith(IamEndpoint.DISCOVERY, 503);
      try {
        assertUnavailablePage(get(dashboard(), null));
      } finally {
        iam.faults().reset();
      }
      down = true; // another outage: the operator must hear of it, not a minute later
      assertUnavailablePage(get(dashboard(), null));
      assertThat(log.lines()).filteredOn(l -> l.contains("ERROR")
          && l.contains("dashboard sign-in unavailable")).hasSize(2).last().asString()
          .contains("the SSO key store failed");
    }
  }

  @Test
  void sessionCheckWithAKeyShorterThan32BytesAnswersUnavailablePage() throws Exception {
    HttpResponse<String> signedIn = signIn();
    key = new byte[0];
    assertUnavailablePage(get(dashboard(), cookies(signedIn)));
  }
}

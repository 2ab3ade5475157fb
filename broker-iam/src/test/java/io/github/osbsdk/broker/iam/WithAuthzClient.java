package io.github.osbsdk.broker.iam;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link AuthzClient} tests against the IAM simulator of {@link WithIamSimulator}, where
 * {@link #USER} may do {@link #ACTION} on {@link #CRN} and {@link #OTHER} may do nothing; each
 * test gets fresh service-ID {@link #tokens} of the broker's API key (none fetched yet) and
 * builds its client with {@link #client()}.
 */
abstract class WithAuthzClient extends WithIamSimulator {
  static final String USER = "IBMid-user1";
  static final String OTHER = "IBMid-user2";
  static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acct1:inst1::";
  static final String ACTION = "hello.dashboard.view";
  ServiceIdTokenProvider tokens;

  @BeforeAll
  static void permitUser() {
    iam.permit(USER, ACTION, CRN);
  }

  @BeforeEach
  void newTokens() {
    tokens = ServiceIdTokenProvider.builder(config, API_KEY).build();
  }

  /** A client on {@link #config}, {@link #tokens} and {@link #clock}. */
  AuthzClient client() {
    return AuthzClient.builder(config, tokens).clock(clock).nanoTime(Ticks.following(clock))
        .build();
  }
}

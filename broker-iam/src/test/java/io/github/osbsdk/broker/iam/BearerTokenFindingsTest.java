package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link BearerTokenFuzzTest} turned up, as named tests. Its first finding,
 * {@code "Bearer \n" + a genuine token} accepted, was the fuzz property's mistake, not the
 * authenticator's: whitespace around the token is not part of it (and an HTTP server hands over
 * header values without line breaks), while any change inside the token is refused.
 */
class BearerTokenFindingsTest {
  private static final String CALLER = "iam-ServiceId-findings";
  private IamSimulator iam;
  private IamAuthenticator auth;

  @BeforeEach
  void start() {
    iam = IamSimulator.start();
    auth = IamAuthenticator.builder(IamConfig.builder().iamUrl(iam.baseUrl()).build())
        .allowedIdentities(Set.of(CALLER)).build();
  }

  @AfterEach
  void stop() {
    iam.close();
  }

  private int status(String authorization) {
    return catchThrowableOfType(ServiceBrokerException.class,
        () -> auth.authenticate(authorization)).status();
  }

  @Test
  void whitespaceAroundAGenuineTokenIsNotPartOfItAndTheTokenIsAccepted() {
    String token = iam.serviceIdToken(CALLER);

    assertThat(auth.authenticate("Bearer \n" + token).id()).isEqualTo(CALLER);
    assertThat(auth.authenticate("Bearer   " + token + " \t").id()).isEqualTo(CALLER);
  }

  @Test
  void whitespaceInsideAGenuineTokenIsUnauthorized() {
    String token = iam.serviceIdToken(CALLER);
    int dot = token.indexOf('.');

    assertThat(status("Bearer " + token.substring(0, dot) + " " + token.substring(dot)))
        .isEqualTo(401);
    assertThat(status("Bearer " + token.substring(0, 10) + "\n" + token.substring(10)))
        .isEqualTo(401);
    assertThat(status("Bearer " + token.substring(0, token.length() - 1) + " "
        + token.substring(token.length() - 1))).isEqualTo(401);
  }
}

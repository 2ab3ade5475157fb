package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.Authenticator;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The refused-caller limiter must not let anonymous junk (401s anyone can send) hide a different
 * failure: the platform's own, valid credentials refused with 403 (a caller missing from the
 * allow-list) is the line an operator needs when every provision starts failing.
 */
class AuthenticationRefusalLoggingTest {
  private final Authenticator auth = new Authenticator() {
    @Override
    public AuthenticatedCaller authenticate(String authorization) {
      if ("Bearer platform".equals(authorization)) {
        throw ServiceBrokerException.forbidden("caller not in the allow-list");
      }
      throw Authenticator.unauthorized("invalid credentials");
    }

    @Override
    public String challenge() {
      return "Bearer";
    }
  };
  private final TestServer server = new TestServer(Broker.builder(new TestServiceBroker())
      .authenticator(auth).build());

  @AfterEach
  void stop() {
    server.close();
  }

  private static List<String> lines(StderrCapture log, String text) {
    return log.lines().stream().filter(l -> l.contains(text)).toList();
  }

  @Test
  void aForbiddenPlatformCallerIsLoggedEvenRightAfterAnonymousUnauthorizedRequests() {
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 5; i++) {
        Reply r = server.call("GET", "/v2/catalog").header("Authorization", "Bearer junk")
            .send();
        assertThat(r.status()).isEqualTo(401);
      }
      Reply r = server.call("GET", "/v2/catalog").header("Authorization", "Bearer platform")
          .send();
      assertThat(r.status()).isEqualTo(403);
      assertThat(lines(log, "refused: 403")).singleElement().asString().contains("INFO");
    }
  }
}

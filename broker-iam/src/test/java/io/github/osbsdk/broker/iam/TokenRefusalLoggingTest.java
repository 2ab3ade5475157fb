package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What token refusals write to the log at the default level (INFO). */
class TokenRefusalLoggingTest {
  private static final String CALLER = "iam-ServiceId-logging";
  private IamSimulator iam;
  private IamAuthenticator auth;

  @BeforeEach
  void start() {
    iam = IamSimulator.start();
    IamConfig config = IamConfig.builder().iamUrl(iam.baseUrl())
        .connectTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(2)).build();
    auth = IamAuthenticator.builder(config).allowedIdentities(Set.of(CALLER))
        .keys(Duration.ofMinutes(20), Duration.ofMillis(50), Duration.ofHours(1))
        .verifiedTokenCache(0, Duration.ofMinutes(1)).build();
  }

  @AfterEach
  void stop() {
    iam.close();
  }

  private int status(String token) {
    return catchThrowableOfType(ServiceBrokerException.class,
        () -> auth.authenticate("Bearer " + token)).status();
  }

  private static long warnings(StderrCapture log) {
    return log.lines().stream().filter(l -> l.contains("WARN")).count();
  }

  @Test
  void unknownKidsAreRefusedWithoutAWarning() throws Exception {
    auth.authenticate("Bearer " + iam.token().iamId(CALLER).sign());
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 50; i++) {
        String kid = "kid-" + UUID.randomUUID() + "\nWARN forged line";
        assertThat(status(iam.token().iamId(CALLER).kid(kid).sign())).isEqualTo(401);
        if (i % 10 == 0) {
          Thread.sleep(60); // let the rate limiter allow a refresh now and then
        }
      }
      assertThat(log.lines()).noneMatch(l -> l.contains("forged line"));
      assertThat(warnings(log)).isZero();
    }
  }

  @Test
  void unreachableKeySourceWarnsOnceForManyRefusals() {
    iam.faults().down(IamEndpoint.KEYS);
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 30; i++) {
        assertThat(status(iam.token().iamId(CALLER).sign())).isEqualTo(401);
      }
      assertThat(log.lines()).filteredOn(l -> l.contains("WARN"))
          .hasSize(1).allMatch(l -> l.contains("IAM signing keys unavailable"));
    }
  }

  /**
   * A provider whose allow-list misses the platform's identity (a CRN copied with a typo, say)
   * gets 403 on every call; the refusal must say which {@code iam_id} came, or the list cannot
   * be fixed without decoding a token by hand. Found walking the IAM setup as a provider: the
   * log said only "the caller is not allowed to use this broker".
   */
  @Test
  void aValidTokenOfAnIdentityNotAllowedIsRefusedNamingThatIdentity() {
    String stranger = "crn-crn:v1:bluemix:public:my-servce::a/acct1::";
    try (StderrCapture log = new StderrCapture()) {
      ServiceBrokerException refusal = catchThrowableOfType(ServiceBrokerException.class,
          () -> auth.authenticate("Bearer " + iam.token().iamId(stranger).sign()));

      assertThat(refusal.status()).isEqualTo(403);
      String toldOrLogged = refusal.description() + "\n" + String.join("\n", log.lines());
      assertThat(toldOrLogged).as("the refusal's description and the log").contains(stranger);
    }
  }

  @Test
  void refusalsNeverLogTheToken() {
    String token = iam.token().iamId(CALLER).issuer("https://evil.example/identity").sign();
    iam.faults().down(IamEndpoint.KEYS);
    try (StderrCapture log = new StderrCapture()) {
      assertThat(status(token)).isEqualTo(401);
      assertThat(log.lines()).noneMatch(l -> l.contains(token.substring(0, 30))
          || l.contains(token.substring(token.lastIndexOf('.') + 1, token.length() - 5)));
    }
  }
}

package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link ServiceIdTokenProvider} against an IAM that keeps refusing (a wrong API key, an
 * outage), over HTTP: the pause between fetches grows to 5 minutes, callers still get the error
 * at once, the warning is rate-limited and names IAM's error code, never the key.
 */
class ServiceIdTokenBackoffTest extends WithIamSimulator {
  static final String WRONG_KEY = "wrong-key-0123456789abcdef";

  ServiceIdTokenProvider provider(String apiKey) {
    return ServiceIdTokenProvider.builder(config, apiKey).clock(clock)
        .nanoTime(Ticks.following(clock))
        .executor(Runnable::run).build();
  }

  static long warnings(StderrCapture log) {
    return log.lines().stream().filter(l -> l.contains("WARN")).count();
  }

  @Test
  void aWrongApiKeyIsRetriedWithAGrowingPauseAndWarnedAboutRarely() {
    ServiceIdTokenProvider p = provider(WRONG_KEY);
    try (StderrCapture log = new StderrCapture()) {
      for (int second = 0; second < 600; second++) { // ten minutes, a call every second
        assertThatThrownBy(p::token).isInstanceOf(IamException.class);
        clock.advance(Duration.ofSeconds(1));
      }
      // pauses of 1, 2, 4, ... 256 s: fetches at 0, 1, 3, 7, 15, 31, 63, 127, 255 and 511 s
      assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(10);
      // the first failure, then at most one per 5 minutes
      assertThat(warnings(log)).isEqualTo(2);
    }
    for (int i = 0; i < 20; i++) { // the pause has reached its cap: 5 minutes
      clock.advance(Duration.ofMinutes(5));
      assertThatThrownBy(p::token).isInstanceOf(IamException.class);
    }
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(30);
  }

  @Test
  void whileBackingOffCallersGetTheLastErrorAtOnceWithoutCallingIam() {
    ServiceIdTokenProvider p = provider(WRONG_KEY);
    for (int i = 0; i < 5; i++) { // pause now 16 s
      clock.advance(Duration.ofMinutes(1));
      assertThatThrownBy(p::token).isInstanceOf(IamException.class);
    }
    long fetches = iam.requestCount(IamEndpoint.TOKEN);
    assertThat(fetches).isEqualTo(5);
    for (int i = 0; i < 100; i++) { // 10 s of the pause pass
      clock.advance(Duration.ofMillis(100));
      assertThatThrownBy(p::token).isInstanceOf(IamException.class)
          .hasMessageContaining("BXNIM0415E");
    }
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(fetches);
  }

  @Test
  void aSuccessfulFetchStartsTheBackoffAgain() {
    iam.faults().failWith(IamEndpoint.TOKEN, 500);
    ServiceIdTokenProvider p = provider("good-key");
    for (int i = 0; i < 6; i++) { // six failures in a row: the next pause would be 64 s
      assertThatThrownBy(p::token).isInstanceOf(IamException.class);
      clock.advance(Duration.ofMinutes(2));
    }
    iam.faults().reset();
    String token = p.token();
    clock.advance(Duration.ofSeconds(31));
    p.refused(token); // dropped: the next call fetches
    iam.faults().failWith(IamEndpoint.TOKEN, 500);
    assertThatThrownBy(p::token).isInstanceOf(IamException.class);
    long fetches = iam.requestCount(IamEndpoint.TOKEN);
    clock.advance(Duration.ofMillis(1_001)); // one failure since the success: a 1 s pause
    assertThatThrownBy(p::token).isInstanceOf(IamException.class);
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(fetches + 1);
  }

  @Test
  void iamsErrorCodeIsInTheErrorAndTheWarningButTheKeyIsNot() {
    try (StderrCapture log = new StderrCapture()) {
      assertThatThrownBy(provider(WRONG_KEY)::token).isInstanceOf(IamException.class)
          .hasMessageContaining("400").hasMessageContaining("BXNIM0415E")
          .hasMessageContaining("Provided API key could not be found")
          .hasMessageNotContaining(WRONG_KEY);
      assertThat(log.lines()).filteredOn(l -> l.contains("WARN")).hasSize(1)
          .allMatch(l -> l.contains("BXNIM0415E"));
      assertThat(log.lines()).noneMatch(l -> l.contains(WRONG_KEY));
    }
  }

  @Test
  void aRetryAfterLongerThanTheBackoffIsHonoured() {
    iam.faults().tooManyRequests(IamEndpoint.TOKEN, Duration.ofSeconds(90));
    ServiceIdTokenProvider p = provider("good-key");
    assertThatThrownBy(p::token).isInstanceOf(IamException.class);
    clock.advance(Duration.ofSeconds(89));
    assertThatThrownBy(p::token).isInstanceOf(IamException.class);
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1);
    iam.faults().reset();
    clock.advance(Duration.ofSeconds(2));
    assertThat(p.token()).isNotEmpty();
  }

  @Test
  void aBackgroundRefreshFailingForMinutesDoesNotKeepAStaleTokenFromBeingFetchedAnew() {
    ServiceIdTokenProvider p = provider("good-key");
    String first = p.token();
    clock.advance(Duration.ofMinutes(48)); // refreshes in the background from now on
    iam.faults().failWith(IamEndpoint.TOKEN, 500);
    for (int second = 0; second < 600; second++) { // the pause grows to 5 minutes
      assertThat(p.token()).isEqualTo(first);
      clock.advance(Duration.ofSeconds(1));
    }
    iam.faults().reset();
    clock.advance(Duration.ofSeconds(120)); // stale since 10 s, IAM up since 2 minutes
    String fresh = p.token();
    assertThat(fresh).isNotEqualTo(first);
  }

  @Test
  void aStaleTokenFetchedInVainStillBacksOff() {
    ServiceIdTokenProvider p = provider("good-key");
    p.token();
    clock.advance(Duration.ofMinutes(48));
    iam.faults().failWith(IamEndpoint.TOKEN, 500);
    for (int second = 0; second < 710; second++) { // stale from 710 s on
      p.token();
      clock.advance(Duration.ofSeconds(1));
    }
    for (int second = 0; second < 10; second++) { // one fetch as it goes stale, then a pause
      assertThatThrownBy(p::token).isInstanceOf(IamException.class);
      clock.advance(Duration.ofSeconds(1));
    }
    // 10 fetches in the first 511 s, one when the token went stale, none in the 10 s after
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1 + 10 + 1);
  }
}

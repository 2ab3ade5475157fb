package io.github.osbsdk.broker.iam;

import static io.github.osbsdk.broker.iam.IamClientFaultsTest.CRN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The IAM client side after a failed or throttled call: IAM is left alone for the pause a 429's
 * {@code Retry-After} (or the client's own backoff) asks for, not asked again by every caller.
 */
class IamRetryPauseTest extends WithIamSimulator {
  @Test
  void failedTokenFetchIsNotRepeatedByEveryCallerRightAway() {
    iam.faults().failWith(IamEndpoint.TOKEN, 429);
    ServiceIdTokenProvider p = ServiceIdTokenProvider.builder(config, "good-key").clock(clock)
        .nanoTime(Ticks.following(clock))
        .executor(Runnable::run).build();
    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(p::token).isInstanceOf(IamException.class).hasMessageContaining("429");
    }
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1);
    iam.faults().reset();
    clock.advance(Duration.ofMinutes(2));
    assertThat(p.token()).isNotEmpty();
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(2);
  }

  @Test
  void failedBackgroundRefreshIsNotRepeatedByEveryCallerRightAway() {
    ServiceIdTokenProvider p = ServiceIdTokenProvider.builder(config, "good-key").clock(clock)
        .nanoTime(Ticks.following(clock))
        .executor(Runnable::run).build();
    String first = p.token();
    iam.faults().failWith(IamEndpoint.TOKEN, 503);
    clock.advance(Duration.ofMinutes(50)); // refresh due, token still valid
    for (int i = 0; i < 20; i++) {
      assertThat(p.token()).isEqualTo(first);
    }
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(2);
  }

  @Test
  void retryAfterOfA429IsHonoured() throws Exception {
    assertTokenEndpointLeftAloneAfterA429("120", Duration.ofSeconds(100), Duration.ofSeconds(21));
  }

  @Test
  void retryAfterOfMoreThanNineDigitsPausesForTheLongestWaitHonoured() throws Exception {
    // before: the value was unreadable, so IAM was asked again after the 1 s default pause
    assertTokenEndpointLeftAloneAfterA429("99999999999",
        Duration.ofMillis(ServiceIdTokenProvider.MAX_RETRY_AFTER_MILLIS - 1_000),
        Duration.ofSeconds(2));
  }

  @Test
  void retryAfterAsHttpDateOfA429IsHonoured() {
    iam.faults().tooManyRequests(IamEndpoint.TOKEN, Instant.now().plusSeconds(120));
    ServiceIdTokenProvider p = ServiceIdTokenProvider.builder(config, "good-key").clock(clock)
        .nanoTime(Ticks.following(clock))
        .executor(Runnable::run).build();
    assertThatThrownBy(p::token).isInstanceOf(IamException.class).hasMessageContaining("429");
    clock.advance(Duration.ofSeconds(100));
    assertThatThrownBy(p::token).isInstanceOf(IamException.class);
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(25));
    iam.faults().reset();
    assertThat(p.token()).isNotEmpty();
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(2);
  }

  @Test
  void authzAnswering429IsNotAskedAgainBeforeItsRetryAfter() {
    iam.permit("IBMid-user1", "hello.dashboard.view", CRN);
    ServiceIdTokenProvider tokens = ServiceIdTokenProvider.builder(config, "good-key").build();
    AuthzClient authz = AuthzClient.builder(config, tokens).clock(clock)
        .nanoTime(Ticks.following(clock)).build();
    iam.faults().tooManyRequests(IamEndpoint.AUTHZ, Duration.ofSeconds(60));
    for (int i = 0; i < 10; i++) {
      assertThat(authz.isPermitted("IBMid-user1", null, "hello.dashboard.view", CRN)).isFalse();
    }
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(1);
    iam.faults().reset();
    clock.advance(Duration.ofSeconds(59));
    assertThat(authz.isPermitted("IBMid-user1", null, "hello.dashboard.view", CRN)).isFalse();
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    assertThat(authz.isPermitted("IBMid-user1", null, "hello.dashboard.view", CRN)).isTrue();
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(2);
  }

  /**
   * A token endpoint answering every call 429 with {@code retryAfter}: after the first call, IAM
   * is not asked again within {@code quiet}, and is asked again once {@code more} has passed too.
   */
  private void assertTokenEndpointLeftAloneAfterA429(String retryAfter, Duration quiet,
      Duration more) throws IOException {
    AtomicInteger calls = new AtomicInteger();
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/identity/token", ex -> {
      calls.incrementAndGet();
      byte[] body = "{\"errorCode\":\"BXNIM0429E\"}".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Retry-After", retryAfter);
      ex.sendResponseHeaders(429, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      IamConfig cfg = IamConfig.builder()
          .iamUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).build();
      ServiceIdTokenProvider p = ServiceIdTokenProvider.builder(cfg, "good-key").clock(clock)
          .nanoTime(Ticks.following(clock))
          .executor(Runnable::run).build();
      assertThatThrownBy(p::token).isInstanceOf(IamException.class);
      clock.advance(quiet);
      assertThatThrownBy(p::token).isInstanceOf(IamException.class);
      assertThat(calls.get()).isEqualTo(1);
      clock.advance(more);
      assertThatThrownBy(p::token).isInstanceOf(IamException.class);
      assertThat(calls.get()).isEqualTo(2);
    } finally {
      server.stop(0);
    }
  }
}

package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OSB headers that carry one value, {@code X-Broker-API-Request-Identity} and
 * {@code X-Broker-API-Version}, sent twice: a malformed request, 400 with an OSB error body,
 * after authentication like every other refusal of a malformed request.
 */
class RepeatedOsbHeadersTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(new TestServiceBroker());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void repeatedRequestIdentityGets400AndIsNotEchoedJoined() {
    Reply r = server.call("GET", "/v2/catalog").header("X-Broker-API-Request-Identity", "a")
        .extraHeader("X-Broker-API-Request-Identity", "b").send();
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).as(r.toString())
        .contains("X-Broker-API-Request-Identity");
    assertThat(r.header("X-Broker-API-Request-Identity")).as(r.toString()).isNotBlank()
        .doesNotContain(",").isNotEqualTo("a").isNotEqualTo("b");
  }

  @Test
  void repeatedRequestIdentityWithoutCredentialsGets401() {
    Reply r = server.call("GET", "/v2/catalog").header("Authorization", null)
        .header("X-Broker-API-Request-Identity", "a")
        .extraHeader("X-Broker-API-Request-Identity", "b").send();
    assertThat(r.status()).as(r.toString()).isEqualTo(401);
  }

  @Test
  void repeatedApiVersionGets400NamingTheHeader() {
    Reply r = server.call("GET", "/v2/catalog").extraHeader("X-Broker-API-Version", "2.17")
        .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).as(r.toString())
        .contains("X-Broker-API-Version");
  }

  @Test
  void versionsJoinedOnOneLineGet400LikeRepeatedLines() {
    // RFC 9110 5.3: a proxy may join repeated lines into one with commas
    Reply r = server.call("GET", "/v2/catalog").header("X-Broker-API-Version", "2.17, 2.16")
        .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
  }

  @Test
  void tooOldVersionStillGets412() {
    Reply r = server.call("GET", "/v2/catalog").header("X-Broker-API-Version", "2.11").send();
    assertThat(r.status()).as(r.toString()).isEqualTo(412);
  }
}

package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code X-Broker-API-Request-Identity} comes back as the platform sent it (OSB: the broker
 * "SHOULD include this header in the response"), also when it is longer than what the SDK puts
 * in its logs and in the provider's request context (its first 256 characters): answering an id
 * the platform never sent would match the answer to no request of the platform's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestIdentityEchoTest {
  private static final String HEADER = "X-Broker-API-Request-Identity";
  /** A printable id longer than the 256 characters the logs keep. */
  private static final String LONG = "trace-" + "0123456789abcdef".repeat(20);
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void longRequestIdentityIsEchoedAsSent() {
    Reply r = server.call("GET", "/v2/catalog").header(HEADER, LONG).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header(HEADER)).isEqualTo(LONG);
  }

  @Test
  void longRequestIdentityIsEchoedAsSentOnErrors() {
    Reply unauthenticated = server.call("GET", "/v2/catalog").header("Authorization", null)
        .header(HEADER, LONG).send();
    assertThat(unauthenticated.status()).isEqualTo(401);
    assertThat(unauthenticated.header(HEADER)).isEqualTo(LONG);
    Reply unknown = server.call("GET", "/v2/service_instances/" + id()).header(HEADER, LONG)
        .send();
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header(HEADER)).isEqualTo(LONG);
  }

  @Test
  void longRequestIdentityReachesTheProviderCutTo256Characters() {
    Reply r = server.call("PUT", "/v2/service_instances/" + id()).header(HEADER, LONG)
        .json(body("plan-sync", "{}")).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.header(HEADER)).isEqualTo(LONG);
    assertThat(sb.lastContext.requestId()).isEqualTo(LONG.substring(0, 256));
  }

  @Test
  void requestIdentityUpTo256CharactersIsUsedWhole() {
    String id = LONG.substring(0, 256);
    Reply r = server.call("PUT", "/v2/service_instances/" + id()).header(HEADER, id)
        .json(body("plan-sync", "{}")).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.header(HEADER)).isEqualTo(id);
    assertThat(sb.lastContext.requestId()).isEqualTo(id);
  }
}

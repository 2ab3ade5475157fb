package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A synchronous provider method that throws {@code TemporarilyUnavailableException} gets the
 * platform a 503 with {@code Retry-After} and an OSB error body, as a 503
 * {@code ServiceBrokerException} does, never a 500, and the message stays in the log; wrapped
 * too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemporarilyUnavailableProviderTest {
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void syncProvisionThrowingTemporarilyUnavailableIsAnswered503WithRetryAfter() {
    String id = UUID.randomUUID().toString();
    Reply reply = server.call("PUT", "/v2/service_instances/" + id)
        .json(ProvisionTest.body("plan-sync", "{\"fail\":\"unavailable\"}")).send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(503);
    assertThat(reply.header("Retry-After")).as(reply.toString()).isNotNull();
    assertThat(reply.body()).contains("\"description\"").contains("temporarily unavailable")
        .doesNotContain("backend busy");
  }

  @Test
  void syncBindThrowingTemporarilyUnavailableIsAnswered503() {
    String id = UUID.randomUUID().toString();
    Reply created = server.call("PUT", "/v2/service_instances/" + id)
        .json(ProvisionTest.body("plan-sync", "{}")).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    Reply reply = server.call("PUT", "/v2/service_instances/" + id + "/service_bindings/b1")
        .json(ProvisionTest.body("plan-sync", "{\"fail\":\"unavailable\"}")).send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(503);
    assertThat(reply.header("Retry-After")).as(reply.toString()).isNotNull();
  }

  /**
   * Wrapped as the cause of another exception (a provider's {@code new RuntimeException(e)}, a
   * future's {@code CompletionException}), it is the same 503, as it is for a step.
   */
  @Test
  void syncProviderThrowingTemporarilyUnavailableWrappedIsAnswered503WithRetryAfter() {
    for (String wrapping : new String[] {"unavailable-wrapped", "unavailable-future"}) {
      String id = UUID.randomUUID().toString();
      Reply reply = server.call("PUT", "/v2/service_instances/" + id)
          .json(ProvisionTest.body("plan-sync", "{\"fail\":\"" + wrapping + "\"}")).send();
      assertThat(reply.status()).as(wrapping + " " + reply).isEqualTo(503);
      assertThat(reply.header("Retry-After")).as(reply.toString()).isNotNull();
      assertThat(reply.body()).contains("temporarily unavailable").doesNotContain("backend busy");
    }
  }
}

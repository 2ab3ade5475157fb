package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.core.TestServer.Reply;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The final answer of a provider-tracked operation is recorded with its description: the polls
 * after the one that asked the provider, answered from the registry, say the same.
 */
class ProviderTrackedOutcomeDescriptionTest {
  private final AtomicReference<LastOperation> answer = new AtomicReference<>();
  private final AtomicInteger polls = new AtomicInteger();
  private final TestServiceBroker provider = new TestServiceBroker() {
    @Override
    public LastOperation lastOperation(LastOperationRequest request) {
      polls.incrementAndGet();
      return answer.get();
    }
  };
  private TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer(builder(provider).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Provisions on {@code plan-provider}, answering {@code last} once polled; two polls. */
  private Reply[] twoPollsOfAProvisionEndingWith(LastOperation last) {
    String id = id();
    Reply accepted = provision(server, id, "plan-provider", "{}", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    answer.set(last);
    String poll = "/v2/service_instances/" + id + "/last_operation?operation="
        + accepted.json().get("operation").asText();
    Reply first = server.call("GET", poll).send();
    Reply second = server.call("GET", poll).send();
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(second.status()).as(second.toString()).isEqualTo(200);
    assertThat(polls.get()).as("the outcome is recorded, not asked again").isEqualTo(1);
    return new Reply[] {first, second};
  }

  @Test
  void aSucceededProvisionKeepsTheProvidersDescriptionForLaterPolls() {
    Reply[] polled = twoPollsOfAProvisionEndingWith(
        LastOperation.succeeded("Your database is ready at db.example"));

    for (Reply r : polled) {
      assertThat(r.json().get("state").asText()).as(r.toString()).isEqualTo("succeeded");
      assertThat(r.json().path("description").asText()).as(r.toString())
          .isEqualTo("Your database is ready at db.example");
    }
  }

  @Test
  void aFailedProvisionKeepsTheProvidersDescriptionForLaterPolls() {
    Reply[] polled = twoPollsOfAProvisionEndingWith(
        LastOperation.failed("The region is full."));

    for (Reply r : polled) {
      assertThat(r.json().get("state").asText()).as(r.toString()).isEqualTo("failed");
      assertThat(r.json().path("description").asText()).as(r.toString())
          .isEqualTo("The region is full.");
    }
  }
}

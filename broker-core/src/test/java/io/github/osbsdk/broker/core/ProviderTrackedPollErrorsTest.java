package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindingLastOperationRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.core.TestServer.Reply;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a poll of a provider-tracked operation answers when the provider's {@code lastOperation}
 * throws: a 4xx (the provider does not know the operation) ends it as failed, recorded, so the
 * instance is usable again at once; 410 for a delete means deleted; a 5xx keeps it in progress.
 */
class ProviderTrackedPollErrorsTest {
  private final AtomicReference<ServiceBrokerException> pollError = new AtomicReference<>();
  private final AtomicInteger polls = new AtomicInteger();
  private final TestServiceBroker provider = new TestServiceBroker() {
    @Override
    public LastOperation lastOperation(LastOperationRequest request) {
      return answer();
    }

    @Override
    public LastOperation lastBindingOperation(BindingLastOperationRequest request) {
      return answer();
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      return DeprovisionResult.accepted(AsyncWork.trackedByProvider("delete-op"));
    }

    private LastOperation answer() {
      polls.incrementAndGet();
      ServiceBrokerException e = pollError.get();
      if (e != null) {
        throw e;
      }
      return LastOperation.inProgress("working");
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

  private String path(String id) {
    return "/v2/service_instances/" + id;
  }

  private Reply poll(String path, String op) {
    return server.call("GET", path + "/last_operation?operation=" + op).send();
  }

  private Reply deprovision(String id, String plan) {
    return server.call("DELETE", path(id)
        + "?service_id=svc-1&plan_id=" + plan + "&accepts_incomplete=true").send();
  }

  /** Provisions on {@code plan-provider} and returns the SDK's operation id. */
  private String provisionTracked(String id) {
    Reply accepted = provision(server, id, "plan-provider", "{}", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    return accepted.json().get("operation").asText();
  }

  @Test
  void aProvisionWhoseProviderPollAnswersNotFoundEndsFailedAndCanBeDeletedAtOnce() {
    String id = id();
    String op = provisionTracked(id);
    pollError.set(ServiceBrokerException.notFound("No such operation at the provider."));

    Reply failed = poll(path(id), op);
    Reply again = poll(path(id), op);

    assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
    assertThat(failed.json().get("state").asText()).isEqualTo("failed");
    assertThat(failed.json().get("description").asText())
        .isEqualTo("No such operation at the provider.");
    assertThat(again.json()).isEqualTo(failed.json());
    assertThat(polls.get()).as("the outcome is recorded, not asked again").isEqualTo(1);
    pollError.set(null);
    assertThat(deprovision(id, "plan-provider").status()).as("no ConcurrencyError").isEqualTo(202);
  }

  @Test
  void aProvisionWhoseProviderPollAnswersGoneEndsFailedNotGone() {
    String id = id();
    String op = provisionTracked(id);
    pollError.set(ServiceBrokerException.gone("The operation expired."));

    Reply failed = poll(path(id), op);

    assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
    assertThat(failed.json().get("state").asText()).isEqualTo("failed");
    assertThat(failed.json().get("description").asText()).isEqualTo("The operation expired.");
  }

  @Test
  void aProvisionWhoseProviderPollAnswersAServerErrorStaysInProgress() {
    String id = id();
    String op = provisionTracked(id);
    pollError.set(new ServiceBrokerException(503, null, "The backend is down."));

    Reply error = poll(path(id), op);

    assertThat(error.status()).as(error.toString()).isEqualTo(503);
    assertThat(error.json().get("description").asText()).isEqualTo("The backend is down.");
    assertThat(deprovision(id, "plan-provider").status()).isEqualTo(422);
    pollError.set(null);
    assertThat(poll(path(id), op).json().get("state").asText()).isEqualTo("in progress");
  }

  @Test
  void aDeprovisionWhoseProviderPollAnswersGoneSucceedsAndOneAnsweringNotFoundFails() {
    for (boolean gone : new boolean[] {true, false}) {
      String id = id();
      assertThat(provision(server, id, "plan-sync", "{}", false).status()).isEqualTo(201);
      Reply accepted = deprovision(id, "plan-sync");
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      String op = accepted.json().get("operation").asText();
      pollError.set(gone ? ServiceBrokerException.gone("Already deleted.")
          : ServiceBrokerException.notFound("No such deletion."));

      Reply r = poll(path(id), op);

      if (gone) {
        assertThat(r.status()).as(r.toString()).isEqualTo(410);
        assertThat(provision(server, id, "plan-sync", "{}", false).status())
            .as("deleted: created anew").isEqualTo(201);
      } else {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("state").asText()).isEqualTo("failed");
        assertThat(r.json().get("description").asText()).isEqualTo("No such deletion.");
        pollError.set(null);
        assertThat(deprovision(id, "plan-sync").status()).as("no ConcurrencyError")
            .isEqualTo(202);
      }
    }
  }

  @Test
  void aBindWhoseProviderPollAnswersNotFoundEndsFailedAndCanBeUnboundAtOnce() {
    String id = id();
    assertThat(provision(server, id, "plan-sync", "{}", false).status()).isEqualTo(201);
    String bpath = path(id) + "/service_bindings/" + id();
    Reply accepted = server.call("PUT", bpath + "?accepts_incomplete=true")
        .json(String.format(BindingTest.BIND, "plan-sync", "{\"fail\":\"provider\"}")).send();
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String op = accepted.json().get("operation").asText();
    pollError.set(ServiceBrokerException.notFound("No such binding operation."));

    Reply failed = poll(bpath, op);

    assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
    assertThat(failed.json().get("state").asText()).isEqualTo("failed");
    assertThat(failed.json().get("description").asText()).isEqualTo("No such binding operation.");
    assertThat(poll(bpath, op).json()).isEqualTo(failed.json());
    assertThat(polls.get()).isEqualTo(1);
    assertThat(server.call("DELETE", bpath + "?service_id=svc-1&plan_id=plan-sync").send()
        .status()).as("no ConcurrencyError").isEqualTo(200);
  }
}

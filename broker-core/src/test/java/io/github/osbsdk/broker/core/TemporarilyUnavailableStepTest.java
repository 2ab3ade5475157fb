package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.poll;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.StepContext;
import io.github.osbsdk.broker.api.TemporarilyUnavailableException;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A resumable step written against broker-api alone asks to be run again later by throwing the
 * API's {@link TemporarilyUnavailableException}: the SDK runs it again on the same replica (same
 * attempt, after a backoff), as for the SDK store's {@code StoreUnavailableException}, until it
 * succeeds or its deadline passes; wrapped as a cause it counts too, inside a
 * {@link ServiceBrokerException} it does not, and a task that throws it fails.
 */
class TemporarilyUnavailableStepTest {
  private static final Catalog PLANS = Catalog.of(ServiceOffering
      .builder(TestServiceBroker.SERVICE, "test-service", "A test service")
      .plan(Plan.builder("plan-step", "step", "A resumable step").build())
      .plan(Plan.builder("plan-step-1s", "step-1s", "A resumable step with a 1 s deadline")
          .maximumPollingDuration(1).build())
      .plan(Plan.builder("plan-task", "task", "A task").build())
      .build());

  /** How often the step throws before it succeeds. */
  private final AtomicInteger outageRuns = new AtomicInteger();
  /** The step's runs, by attempt as the SDK numbers it. */
  private final List<Integer> attempts = new CopyOnWriteArrayList<>();
  private final AtomicInteger taskRuns = new AtomicInteger();
  /** What the step throws while {@link #outageRuns} lasts. */
  private volatile Function<TemporarilyUnavailableException, RuntimeException> thrown = e -> e;

  private final TestServiceBroker provider = new TestServiceBroker() {
    @Override
    public Catalog catalog() {
      return PLANS;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      if (request.planId().equals("plan-task")) {
        return ProvisionResult.accepted(AsyncWork.task(() -> {
          taskRuns.incrementAndGet();
          throw new TemporarilyUnavailableException("the backend is down");
        }));
      }
      return ProvisionResult.accepted(AsyncWork.step("create", Map.of("size", 3)));
    }
  };

  private void create(StepContext ctx) {
    attempts.add(ctx.attempt());
    if (outageRuns.getAndDecrement() > 0) {
      throw thrown.apply(new TemporarilyUnavailableException("the backend is down"));
    }
  }

  private TestServer server() {
    return new TestServer(builder(provider).lease(Duration.ofSeconds(1))
        .step("create", this::create).build());
  }

  private static Reply provisionAndPoll(TestServer s, String id, String plan) {
    Reply accepted = provision(s, id, plan, "{}", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    return poll(s, id, accepted.json().get("operation").asText());
  }

  @Test
  void aStepThatThrowsTemporarilyUnavailableTwiceRunsAgainWithTheSameAttemptUntilItSucceeds() {
    outageRuns.set(2);
    try (TestServer s = server()) {
      String id = id();
      Reply done = provisionAndPoll(s, id, "plan-step");
      assertThat(done.json().get("state").asText()).as(done.toString()).isEqualTo("succeeded");
      assertThat(attempts).as("runs, by attempt: all on this replica").containsExactly(1, 1, 1);
      assertThat(s.broker.store().findInstance(id).orElseThrow().status())
          .isEqualTo(InstanceStatus.READY);
    }
  }

  @Test
  void aStepThatRethrowsTemporarilyUnavailableWrappedRunsAgainUntilItSucceeds() {
    thrown = CompletionException::new;
    outageRuns.set(1);
    try (TestServer s = server()) {
      Reply done = provisionAndPoll(s, id(), "plan-step");
      assertThat(done.json().get("state").asText()).as(done.toString()).isEqualTo("succeeded");
      assertThat(attempts).as("runs").containsExactly(1, 1);
    }
  }

  @Test
  void aStepThatKeepsThrowingTemporarilyUnavailableEndsFailedAtItsDeadline() {
    outageRuns.set(Integer.MAX_VALUE);
    try (TestServer s = server()) {
      String id = id();
      Reply failed = provisionAndPoll(s, id, "plan-step-1s");
      assertThat(failed.json().get("state").asText()).as(failed.toString()).isEqualTo("failed");
      assertThat(failed.json().get("description").asText()).isEqualTo("The operation did not"
          + " finish within 1 second; the service broker stopped waiting for it.");
      assertThat(attempts).as("runs").hasSizeGreaterThan(1).containsOnly(1);
      assertThat(s.broker.store().findInstance(id).orElseThrow().status())
          .isEqualTo(InstanceStatus.PROVISION_FAILED);
    }
  }

  @Test
  void aStep503WithTemporarilyUnavailableAsItsCauseFailsTheOperation() {
    thrown = e -> new ServiceBrokerException(503, null, "The region is busy.").withCause(e);
    outageRuns.set(1);
    try (TestServer s = server()) {
      Reply failed = provisionAndPoll(s, id(), "plan-step");
      assertThat(failed.json().get("state").asText()).as(failed.toString()).isEqualTo("failed");
      assertThat(failed.json().get("description").asText()).isEqualTo("The region is busy.");
      assertThat(attempts).as("runs").containsExactly(1);
    }
  }

  @Test
  void aTaskThatThrowsTemporarilyUnavailableEndsFailedAsItCannotBeRunAgain() {
    try (TestServer s = server()) {
      Reply failed = provisionAndPoll(s, id(), "plan-task");
      assertThat(failed.json().get("state").asText()).as(failed.toString()).isEqualTo("failed");
      assertThat(failed.json().get("description").asText()).isEqualTo("The operation failed.");
      assertThat(taskRuns.get()).isEqualTo(1);
    }
  }
}

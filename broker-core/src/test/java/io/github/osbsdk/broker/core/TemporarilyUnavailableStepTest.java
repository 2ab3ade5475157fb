package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.TemporarilyUnavailableException;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * A resumable step written against broker-api alone asks to be run again later by throwing the
 * API's {@link TemporarilyUnavailableException}: the SDK runs it again on the same replica (same
 * attempt, after a backoff), as for the SDK store's {@code StoreUnavailableException}, until it
 * succeeds or its deadline passes; wrapped as a cause it counts too, inside a
 * {@link ServiceBrokerException} it does not, and a task that throws it fails.
 */
class TemporarilyUnavailableStepTest extends StepOutageFixture {
  @Override
  RuntimeException outage() {
    return new TemporarilyUnavailableException("the backend is down");
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
  void aStepThatAsksToRunAgainAfterTwoLeasesRunsAgainNoSoonerAndKeepsItsLease() {
    thrown = e -> new TemporarilyUnavailableException("rate limited", null,
        Duration.ofSeconds(2));
    outageRuns.set(1);
    try (TestServer s = server()) {
      Reply done = provisionAndPoll(s, id(), "plan-step");
      assertThat(done.json().get("state").asText()).as(done.toString()).isEqualTo("succeeded");
      assertThat(attempts).as("runs, by attempt: the lease was renewed meanwhile")
          .containsExactly(1, 1);
      assertThat(Duration.ofNanos(runTimes.get(1) - runTimes.get(0)))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }
  }

  @Test
  void aStepThatAsksToRunAgainAfterItsDeadlineEndsFailedAtTheDeadline() {
    thrown = e -> new TemporarilyUnavailableException("maintenance window", null,
        Duration.ofMinutes(30));
    outageRuns.set(1);
    try (TestServer s = server()) {
      long start = System.nanoTime();
      Reply failed = provisionAndPoll(s, id(), "plan-step-1s");
      assertThat(failed.json().get("state").asText()).as(failed.toString()).isEqualTo("failed");
      assertThat(failed.json().get("description").asText()).isEqualTo("The operation did not"
          + " finish within 1 second; the service broker stopped waiting for it.");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
      assertThat(attempts).as("runs").containsExactly(1);
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

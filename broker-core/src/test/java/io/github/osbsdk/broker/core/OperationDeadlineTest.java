package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Operation deadlines: an asynchronous operation still in progress at its start plus its plan's
 * {@code maximum_polling_duration} (3 s here) ends as failed, whether its task hangs, its
 * provider keeps answering "in progress", or its owner stopped; and it no longer blocks the
 * instance. The broker reads a clock the tests move by hand: a deadline is reached at once and
 * exactly, not by waiting for it.
 */
class OperationDeadlineTest {
  private static final String DESCRIPTION = "The operation did not finish within 3 seconds; the"
      + " service broker stopped waiting for it.";
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  /** The broker's clock: it stands still until a test moves it. */
  private final TestClock clock = new TestClock();
  private final DeadlineTestProvider provider = new DeadlineTestProvider();

  @AfterEach
  void stopExecutor() {
    executor.shutdownNow();
  }

  private Broker.Builder builder() {
    // a lease longer than the clock moves here: no lease runs out behind a test's back, and
    // the work past its deadline is ended by the maintenance the test asks for
    Broker.Builder b = RegistryTest.builder(provider).lease(Duration.ofMinutes(1))
        .executor(executor).step("create", ctx -> {
          provider.stepRuns.incrementAndGet();
          provider.workStarted.countDown();
          new CountDownLatch(1).await();
        });
    b.settings().clock(clock);
    return b;
  }

  private static Reply provision(TestServer s, String id, String plan, String params) {
    Reply r = s.call("PUT", "/v2/service_instances/" + id + "?accepts_incomplete=true")
        .json(body(plan, params)).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    return r;
  }

  private static Reply lastOperation(TestServer s, String id, String op) {
    return s.call("GET", "/v2/service_instances/" + id + "/last_operation?operation=" + op)
        .send();
  }

  private static Reply deprovision(TestServer s, String id, String plan) {
    return s.call("DELETE", "/v2/service_instances/" + id + "?service_id="
        + TestServiceBroker.SERVICE + "&plan_id=" + plan + "&accepts_incomplete=true").send();
  }

  /**
   * Moves the broker's clock to the operations' deadline: 3 s after they were accepted, the clock
   * having stood still since. An operation is overdue from its deadline on. (The tests slept
   * 3.1 s here: 14 s of the build, and a poll meant to come before the deadline could come after
   * it on a loaded machine.)
   */
  private void pastTheDeadline() {
    clock.advance(Duration.ofSeconds(3));
  }

  /**
   * Makes the provider's polls of a provider-tracked provision fail ({@code failing} set), checks
   * that a poll then answers {@code status}, and that the poll past the deadline answers 200
   * "failed" with the deadline's description and leaves the instance PROVISION_FAILED.
   *
   * @return the poll past the deadline
   */
  private Reply failedAtTheDeadlineAfterPollsThatFail(TestServer s, String id, String op,
      AtomicBoolean failing, int status) {
    failing.set(true);
    assertThat(lastOperation(s, id, op).status()).isEqualTo(status);
    pastTheDeadline();

    Reply failed = lastOperation(s, id, op);
    assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
    assertThat(failed.json().get("state").asText()).isEqualTo("failed");
    assertThat(failed.json().get("description").asText()).isEqualTo(DESCRIPTION);
    assertThat(s.broker.store().findInstance(id).orElseThrow().status())
        .isEqualTo(InstanceStatus.PROVISION_FAILED);
    return failed;
  }

  /** Waits until the hung task or the step runs. */
  private void awaitWorkStarted() throws InterruptedException {
    assertThat(provider.workStarted.await(30, TimeUnit.SECONDS)).as("the work started").isTrue();
  }

  /** Lets the executor's single thread finish what it runs now. */
  private void drainExecutor() throws Exception {
    executor.submit(() -> { }).get(5, TimeUnit.SECONDS);
  }

  @Test
  void aHungTaskEndsFailedAfterItsDeadlineAndTheInstanceCanThenBeDeprovisioned()
      throws Exception {
    try (TestServer s = new TestServer(builder().build())) {
      String id = id();
      String op = provision(s, id, "plan-hung", "{}").json().get("operation").asText();
      assertThat(lastOperation(s, id, op).json().get("state").asText())
          .isEqualTo("in progress");
      assertThat(deprovision(s, id, "plan-hung").status()).isEqualTo(422);
      awaitWorkStarted();
      pastTheDeadline();

      // nobody polls: the owner's maintenance ends the operation and interrupts the task
      s.broker.maintainOperations();
      assertThat(provider.interrupted.await(30, TimeUnit.SECONDS)).as("task interrupted")
          .isTrue();
      drainExecutor();
      Reply failed = lastOperation(s, id, op);
      assertThat(failed.status()).isEqualTo(200);
      assertThat(failed.json().get("state").asText()).isEqualTo("failed");
      assertThat(failed.json().get("description").asText()).isEqualTo(DESCRIPTION);
      assertThat(s.broker.store().findInstance(id).orElseThrow().status())
          .isEqualTo(InstanceStatus.PROVISION_FAILED);

      assertThat(deprovision(s, id, "plan-hung").status()).isEqualTo(200);
      assertThat(s.broker.store().findInstance(id)).isEmpty();
    }
  }

  @Test
  void aLateOutcomeOfWorkInterruptedAtItsDeadlineIsNotRecorded() throws Exception {
    try (TestServer s = new TestServer(builder().build())) {
      String id = id();
      String op = provision(s, id, "plan-hung", "{\"late\":true}").json().get("operation")
          .asText();
      awaitWorkStarted();
      pastTheDeadline();
      s.broker.maintainOperations();
      assertThat(provider.interrupted.await(30, TimeUnit.SECONDS)).as("task interrupted")
          .isTrue();
      drainExecutor(); // the task returned normally: its success would be recorded by now
      s.broker.maintainOperations();

      Reply poll = lastOperation(s, id, op);
      assertThat(poll.json().get("state").asText()).as(poll.toString()).isEqualTo("failed");
      assertThat(poll.json().get("description").asText()).isEqualTo(DESCRIPTION);
      assertThat(s.broker.store().findInstance(id).orElseThrow().status())
          .isEqualTo(InstanceStatus.PROVISION_FAILED);
    }
  }

  @Test
  void aProviderTrackedOperationThatStaysInProgressEndsFailedAtItsDeadline() throws Exception {
    try (TestServer s = new TestServer(builder().build())) {
      String id = id();
      String op = provision(s, id, "plan-tracked", "{}").json().get("operation").asText();
      assertThat(lastOperation(s, id, op).json().get("state").asText())
          .isEqualTo("in progress");
      clock.advance(Duration.ofSeconds(3).minusMillis(1));
      assertThat(lastOperation(s, id, op).json().get("state").asText())
          .as("a millisecond before its deadline").isEqualTo("in progress");
      clock.advance(Duration.ofMillis(1));

      Reply failed = lastOperation(s, id, op);
      assertThat(failed.json().get("state").asText()).as(failed.toString()).isEqualTo("failed");
      assertThat(failed.json().get("description").asText()).isEqualTo(DESCRIPTION);
      assertThat(provider.providerPolls.get()).as("the provider was asked every time").isEqualTo(3);
      assertThat(lastOperation(s, id, op).json()).isEqualTo(failed.json());
      assertThat(provider.providerPolls.get()).as("a failed operation is not asked about")
          .isEqualTo(3);
      assertThat(deprovision(s, id, "plan-tracked").status()).isEqualTo(200);
    }
  }

  /**
   * A provider-tracked operation whose provider cannot answer polls any more (its backend down,
   * its operation forgotten) still ends as failed at its deadline: a poll past it is answered
   * from the registry, not with the provider's error for ever.
   */
  @Test
  void aProviderTrackedOperationWhosePollsFailEndsFailedAtItsDeadline() throws Exception {
    try (TestServer s = new TestServer(builder().build())) {
      String id = id();
      String op = provision(s, id, "plan-tracked", "{}").json().get("operation").asText();

      Reply failed = failedAtTheDeadlineAfterPollsThatFail(s, id, op, provider.pollsFail, 503);
      assertThat(lastOperation(s, id, op).json()).isEqualTo(failed.json());
      assertThat(provider.providerPolls.get()).as("a failed operation is not asked about")
          .isEqualTo(2);
    }
  }

  @Test
  void aProviderTrackedOperationWhosePollsThrowAnErrorEndsFailedAtItsDeadline()
      throws Exception {
    try (TestServer s = new TestServer(builder().build())) {
      String id = id();
      String op = provision(s, id, "plan-tracked", "{}").json().get("operation").asText();

      failedAtTheDeadlineAfterPollsThatFail(s, id, op, provider.pollsThrowError, 500);
    }
  }

  @Test
  void aDeprovisionMeetingAnOperationPastItsDeadlineEndsItAndSucceeds() throws Exception {
    try (TestServer s = new TestServer(builder().build())) {
      String id = id();
      String op = provision(s, id, "plan-tracked", "{}").json().get("operation").asText();
      Reply early = deprovision(s, id, "plan-tracked");
      assertThat(early.status()).isEqualTo(422);
      assertThat(early.json().get("error").asText()).isEqualTo("ConcurrencyError");
      pastTheDeadline();

      Reply deleted = deprovision(s, id, "plan-tracked");
      assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
      assertThat(s.broker.store().findInstance(id)).isEmpty();
      assertThat(deprovision(s, id, "plan-tracked").status()).isEqualTo(410);
      assertThat(provider.providerPolls.get()).isZero();
    }
  }

  /**
   * A deprovision that ended an overdue provision in its way records, as the status to restore
   * should it be undone, the status the instance has once that provision failed, not the
   * PROVISIONING it read before: restored, that status would have no operation behind it and
   * every later deprovision would get 422 for ever.
   */
  @Test
  void aDeprovisionUndoneAfterEndingAnOverdueProvisionLeavesTheInstanceDeletable()
      throws Exception {
    try (TestServer s = new TestServer(builder().build())) {
      String id = id();
      provision(s, id, "plan-tracked", "{}");
      pastTheDeadline();
      provider.deprovisionWithUnknownStep.set(true);

      Reply undone = deprovision(s, id, "plan-tracked");
      assertThat(undone.status()).as(undone.toString()).isEqualTo(500);
      assertThat(s.broker.store().findInstance(id).orElseThrow().status())
          .isEqualTo(InstanceStatus.PROVISION_FAILED);
      Reply deleted = deprovision(s, id, "plan-tracked");
      assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
      assertThat(s.broker.store().findInstance(id)).isEmpty();
    }
  }

  /** The same for an unbind that ended an overdue bind: BINDING is not restored. */
  @Test
  void anUnbindUndoneAfterEndingAnOverdueBindLeavesTheBindingDeletable() throws Exception {
    try (TestServer s = new TestServer(builder().build())) {
      String id = id();
      assertThat(s.call("PUT", "/v2/service_instances/" + id).json(body("plan-ready", "{}"))
          .send().status()).isEqualTo(201);
      String binding = "/v2/service_instances/" + id + "/service_bindings/" + id();
      Reply bound = s.call("PUT", binding + "?accepts_incomplete=true").json("{\"service_id\":\""
          + TestServiceBroker.SERVICE + "\",\"plan_id\":\"plan-ready\","
          + "\"parameters\":{\"fail\":\"provider\"}}").send();
      assertThat(bound.status()).as(bound.toString()).isEqualTo(202);
      pastTheDeadline();
      provider.deprovisionWithUnknownStep.set(true);
      String unbind = binding + "?service_id=" + TestServiceBroker.SERVICE
          + "&plan_id=plan-ready&accepts_incomplete=true";

      Reply undone = s.call("DELETE", unbind).send();
      assertThat(undone.status()).as(undone.toString()).isEqualTo(500);
      Reply deleted = s.call("DELETE", unbind).send();
      assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    }
  }

  @Test
  void aStepTakenOverPastItsDeadlineEndsFailedInsteadOfBeingResumed() throws Exception {
    InMemoryBrokerStore shared = new InMemoryBrokerStore();
    String id = id();
    String op;
    try (TestServer a = new TestServer(builder().store(shared).build())) {
      op = provision(a, id, "plan-step", "{}").json().get("operation").asText();
      awaitWorkStarted();
    } // replica A stops and gives its lease up (its step hangs on in the test's executor)
    pastTheDeadline();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (TestServer b = new TestServer(builder().store(shared).executor(other).build())) {
      b.broker.maintainOperations();
      Reply failed = lastOperation(b, id, op);
      assertThat(failed.json().get("state").asText()).as(failed.toString()).isEqualTo("failed");
      assertThat(failed.json().get("description").asText()).isEqualTo(DESCRIPTION);
      other.submit(() -> { }).get(5, TimeUnit.SECONDS);
      assertThat(provider.stepRuns.get()).as("run by A only, not resumed by B").isEqualTo(1);
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void theOperationTimeoutMustBePositive() {
    Broker.Builder b = Broker.builder(provider);
    assertThatThrownBy(() -> b.operationTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.operationTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.operationTimeout(null)).isInstanceOf(NullPointerException.class);
    assertThat(b.operationTimeout(Duration.ofMillis(1))).isSameAs(b);
  }
}

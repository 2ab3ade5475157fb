package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.poll;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A resumable step that finds the provider's own storage unreachable (it throws
 * {@link StoreUnavailableException}) is run again later on the same replica, its operation still in
 * progress, until it succeeds or its deadline passes; a plain task cannot be run again and fails.
 */
class TransientStepFailureTest extends StepOutageFixture {
  @Override
  RuntimeException outage() {
    return new StoreUnavailableException("the provider's database is down", null);
  }

  @Test
  void aStepThatFindsItsStorageUnavailableTwiceRunsAgainUntilItSucceeds() {
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
  void aStepThatKeepsFindingItsStorageUnavailableEndsFailedAtItsDeadline() {
    outageRuns.set(Integer.MAX_VALUE);
    try (TestServer s = server()) {
      String id = id();
      Reply failed = provisionAndPoll(s, id, "plan-step-1s");
      assertThat(failed.json().get("state").asText()).as(failed.toString()).isEqualTo("failed");
      assertThat(failed.json().get("description").asText()).isEqualTo("The operation did not"
          + " finish within 1 second; the service broker stopped waiting for it.");
      assertThat(attempts).as("runs").hasSizeGreaterThan(1);
      assertThat(s.broker.store().findInstance(id).orElseThrow().status())
          .isEqualTo(InstanceStatus.PROVISION_FAILED);
    }
  }

  /**
   * With a 2-minute lease the first retry would wait 20 s (a sixth of it); the operation, not
   * polled meanwhile, ends failed when its 1-second deadline passes, not when the backoff does.
   */
  @Test
  void aStepRetriedWithALongBackoffEndsFailedAtItsDeadlineWithoutBeingPolled() {
    outageRuns.set(Integer.MAX_VALUE);
    Broker broker = builder(provider).lease(Duration.ofMinutes(2)).step("create", this::create)
        .build();
    try (TestServer s = new TestServer(broker)) {
      String id = id();
      String op = provision(s, id, "plan-step-1s", "{}", true).json().get("operation").asText();

      long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
      while (s.broker.store().findInstance(id).orElseThrow().status()
          != InstanceStatus.PROVISION_FAILED && System.nanoTime() < waitUntil) {
        RegistryTest.sleep(20);
      }
      assertThat(s.broker.store().findInstance(id).orElseThrow().status())
          .as("ended by the retry at its deadline, well before the 20 s backoff")
          .isEqualTo(InstanceStatus.PROVISION_FAILED);
      Reply failed = s.call("GET", "/v2/service_instances/" + id + "/last_operation?operation="
          + op).send();
      assertThat(failed.json().get("description").asText()).isEqualTo("The operation did not"
          + " finish within 1 second; the service broker stopped waiting for it.");
      assertThat(attempts).as("runs: the first, then none before the deadline").containsExactly(1);
    }
  }

  @Test
  void aTaskThatFindsItsStorageUnavailableEndsFailedAsItCannotBeRunAgain() {
    try (TestServer s = server()) {
      Reply failed = provisionAndPoll(s, id(), "plan-task");
      assertThat(failed.json().get("state").asText()).as(failed.toString()).isEqualTo("failed");
      assertThat(taskRuns.get()).isEqualTo(1);
    }
  }

  /**
   * A database restart takes the SDK's store down with the provider's: the step finds its
   * storage unavailable, and so does the SDK when it reads the operation to run the step again;
   * once the database is back, the step runs again and the operation succeeds.
   */
  @Test
  void aStepRunsAgainOnceTheStoreItSharesWithTheSdkIsBack() throws Exception {
    AtomicBoolean down = new AtomicBoolean();
    CountDownLatch readRefused = new CountDownLatch(1);
    BrokerStore store = StoreProxy.around(new InMemoryBrokerStore(), (method, args, target) -> {
      if (down.get()) {
        if (method.getName().equals("findOperation")) {
          readRefused.countDown(); // the read before the step runs again
        }
        throw new StoreUnavailableException("the database restarts", null);
      }
      return target.proceed(args);
    });
    Broker broker = builder(provider).store(store).lease(Duration.ofSeconds(1))
        .step("create", ctx -> {
          attempts.add(ctx.attempt());
          if (attempts.size() == 1) {
            down.set(true); // the restart begins while the step runs
          }
          if (down.get()) {
            throw new StoreUnavailableException("the provider's database is down", null);
          }
        }).build();
    try (TestServer s = new TestServer(broker)) {
      String id = id();
      String op = provision(s, id, "plan-step", "{}", true).json().get("operation").asText();
      assertThat(readRefused.await(30, TimeUnit.SECONDS)).as("read refused").isTrue();
      down.set(false);

      Reply done = poll(s, id, op);
      assertThat(done.json().get("state").asText()).as(done.toString()).isEqualTo("succeeded");
      assertThat(attempts).as("runs").hasSizeGreaterThanOrEqualTo(2);
      assertThat(store.findInstance(id).orElseThrow().status()).isEqualTo(InstanceStatus.READY);
    }
  }
}

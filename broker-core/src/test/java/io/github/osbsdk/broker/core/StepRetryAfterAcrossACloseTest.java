package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.poll;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.TemporarilyUnavailableException;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A resumable step that asked to run again after a {@code retryAfter} is waiting when its replica
 * closes: the close hands its lease back with its expiry at the retry time, so the replica that
 * takes the operation over runs the step no sooner than the step asked, not at once.
 */
class StepRetryAfterAcrossACloseTest {
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Duration RETRY_AFTER = LEASE.multipliedBy(3);

  private final InMemoryBrokerStore shared = new InMemoryBrokerStore();
  private final HeldStepProvider provider = new HeldStepProvider();

  @Test
  void aStepWaitingForItsRetryAfterWhenItsReplicaClosesRunsElsewhereNoSooner() throws Exception {
    CountDownLatch refused = new CountDownLatch(1);
    AtomicLong refusedAt = new AtomicLong();
    List<Long> takenOverRuns = new CopyOnWriteArrayList<>();
    try (TestServer other = new TestServer(builder(provider).store(shared).lease(LEASE)
        .step(HeldStepProvider.STEP, ctx -> takenOverRuns.add(System.nanoTime())).build())) {
      String id = id();
      String operation;
      try (TestServer owner = new TestServer(builder(provider).store(shared).lease(LEASE)
          .step(HeldStepProvider.STEP, ctx -> {
            refusedAt.set(System.nanoTime());
            refused.countDown();
            throw new TemporarilyUnavailableException("rate limited", null, RETRY_AFTER);
          }).build())) {
        Reply accepted = provision(owner, id, HeldStepProvider.PLAN, "{}", true);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        operation = accepted.json().get("operation").asText();
        assertThat(refused.await(30, TimeUnit.SECONDS)).as("the step ran").isTrue();
        Thread.sleep(300); // the step's retry is scheduled

        owner.broker.close();
      }

      Reply done = poll(other, id, operation);

      assertThat(done.json().get("state").asText()).as(done.toString()).isEqualTo("succeeded");
      assertThat(takenOverRuns).hasSize(1);
      assertThat(Duration.ofNanos(takenOverRuns.get(0) - refusedAt.get()))
          .as("from the refusal to the run on the replica that took the operation over")
          .isGreaterThanOrEqualTo(RETRY_AFTER);
    }
  }
}

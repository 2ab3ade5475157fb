package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.poll;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static io.github.osbsdk.broker.core.RegistryTest.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A provider's executor that runs work on the thread handing it over ({@code Runnable::run}, a
 * saturated pool whose rejection policy is {@code CallerRunsPolicy}): a step resumed after a
 * takeover runs on no thread of the operation maintenance, so the replica goes on renewing its
 * leases and a {@code last_operation} poll is answered while the step runs.
 */
class CallerRunsExecutorTest {
  private static final Duration LEASE = Duration.ofSeconds(1);
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final InMemoryBrokerStore shared = new InMemoryBrokerStore();
  private final TestServiceBroker provider = new TestServiceBroker() {
    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      return ProvisionResult.accepted(AsyncWork.step("create", Map.of()));
    }
  };
  /** Holds the steps of the replica that stops first. */
  private final CountDownLatch aHold = new CountDownLatch(1);
  private final CountDownLatch bStarted = new CountDownLatch(1);
  /** Holds the steps of the replica whose executor runs them on the caller's thread. */
  private final CountDownLatch bHold = new CountDownLatch(1);
  private final AtomicInteger bEnded = new AtomicInteger();

  @AfterEach
  void release() {
    aHold.countDown();
    bHold.countDown();
  }

  private Broker.Builder replicaA() {
    return builder(provider).store(shared).lease(LEASE).step("create", ctx -> aHold.await());
  }

  /** Replica B: its executor runs each task on the caller's thread; its steps wait for bHold. */
  private Broker.Builder replicaB(Duration lease) {
    return builder(provider).store(shared).lease(lease).executor(new CallerRuns())
        .step("create", ctx -> {
          bStarted.countDown();
          bHold.await();
          bEnded.incrementAndGet();
        });
  }

  /**
   * Before: B's maintenance loop ran the step it took over on its own thread, holding the
   * maintenance lock, and renewed no lease until the step ended: a lease later replica C took
   * both operations over while B still ran one of them.
   */
  @Test
  void stepsResumedOnTheCallersThreadLeaveTheReplicaRenewingItsLeases() throws Exception {
    Broker a = replicaA().build();
    Broker b = replicaB(LEASE).build();
    AtomicInteger cRuns = new AtomicInteger();
    try (TestServer sa = new TestServer(a); TestServer sb = new TestServer(b)) {
      String first = id();
      String second = id();
      String op1 = provision(sa, first, "plan-async", "{}", true).json().get("operation")
          .asText();
      String op2 = provision(sa, second, "plan-async", "{}", true).json().get("operation")
          .asText();
      a.close(); // gives its leases up: B's loop takes both operations over
      assertThat(bStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("B resumed a step")
          .isTrue();
      Instant leaseEnd1 = shared.findOperation(first, null, op1).orElseThrow().leaseExpiry();
      Instant leaseEnd2 = shared.findOperation(second, null, op2).orElseThrow().leaseExpiry();
      // replica C would take over each operation whose lease B let run out
      Broker c = builder(provider).store(shared).lease(LEASE)
          .step("create", ctx -> cRuns.incrementAndGet()).build();
      try {
        // renewed a lease after the takeover: the leases B took would have run out by then
        awaitRenewed(b.replicaId(), first, op1, leaseEnd1.plus(LEASE));
        awaitRenewed(b.replicaId(), second, op2, leaseEnd2.plus(LEASE));
        assertThat(bEnded).as("B's step still runs").hasValue(0);
        assertThat(cRuns).as("steps run by C").hasValue(0);
        bHold.countDown();
        assertThat(poll(sb, first, op1).json().get("state").asText()).isEqualTo("succeeded");
        assertThat(poll(sb, second, op2).json().get("state").asText()).isEqualTo("succeeded");
      } finally {
        c.close();
      }
      assertThat(bEnded).as("steps ended on B").hasValue(2);
      assertThat(cRuns).as("steps run by C").hasValue(0);
    }
  }

  /**
   * Before: the poll's round took the operation over and ran its step on the poll's thread,
   * holding the maintenance lock: the poll was answered only once the step had ended.
   */
  @Test
  void aPollWhoseRoundTakesAStepOverIsAnsweredWhileTheStepRuns() throws Exception {
    Broker a = replicaA().build();
    // B's loop has its first round only a third of this lease after it starts: the poll's
    // round is the one that takes the operation over
    Broker b = replicaB(Duration.ofMinutes(1)).build();
    try (TestServer sa = new TestServer(a); TestServer sb = new TestServer(b)) {
      String id = id();
      String op = provision(sa, id, "plan-async", "{}", true).json().get("operation").asText();
      a.close(); // gives its lease up: the poll finds it expired

      CompletableFuture<Reply> answer = CompletableFuture.supplyAsync(() -> sb.call("GET",
          "/v2/service_instances/" + id + "/last_operation?operation=" + op).send());
      assertThat(bStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("B resumed the step")
          .isTrue();
      assertThat(answer).as("the poll's answer while the step runs").succeedsWithin(WAIT)
          .satisfies(r -> assertThat(r.json().get("state").asText()).as(r.toString())
              .isEqualTo("in progress"));
      assertThat(bEnded).as("B's step still runs").hasValue(0);
      StoredOperation taken = shared.findOperation(id, null, op).orElseThrow();
      assertThat(taken.owner()).isEqualTo(b.replicaId());
      assertThat(taken.attempt()).isEqualTo(2);

      bHold.countDown();
      assertThat(poll(sb, id, op).json().get("state").asText()).isEqualTo("succeeded");
    }
  }

  /**
   * Work a request starts runs on the request's thread with such an executor, never holding the
   * maintenance lock: a round asked for meanwhile (as a poll's) is not held up by it.
   */
  @Test
  void workARequestRunsOnItsOwnThreadDoesNotHoldUpTheMaintenance() throws Exception {
    Broker b = replicaB(LEASE).build();
    try (TestServer sb = new TestServer(b)) {
      String id = id();
      CompletableFuture<Reply> accepted =
          CompletableFuture.supplyAsync(() -> provision(sb, id, "plan-async", "{}", true));
      assertThat(bStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the step started")
          .isTrue();
      assertThat(CompletableFuture.runAsync(b::maintainOperations))
          .as("a round while the request's step runs").succeedsWithin(WAIT);
      assertThat(accepted).as("the request, answered after its step").isNotDone();

      bHold.countDown();
      Reply reply = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
      String op = reply.json().get("operation").asText();
      assertThat(poll(sb, id, op).json().get("state").asText()).isEqualTo("succeeded");
    }
  }

  /**
   * Waits until {@code replica} has renewed the operation's lease up to {@code until} at least,
   * failing at once when it is no longer that replica's attempt 2 in progress.
   */
  private void awaitRenewed(String replica, String id, String op, Instant until) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      StoredOperation o = shared.findOperation(id, null, op).orElseThrow();
      assertThat(o.owner()).as("owner of %s (attempt %s)", op, o.attempt()).isEqualTo(replica);
      assertThat(o.inProgress()).as("%s in progress", op).isTrue();
      assertThat(o.attempt()).as("attempt of %s", op).isEqualTo(2);
      if (!o.leaseExpiry().isBefore(until)) {
        return;
      }
      assertThat(System.nanoTime()).as("%s's lease renewed up to %s; it ends at %s", op, until,
          o.leaseExpiry()).isLessThan(deadline);
      sleep(20);
    }
  }

  /** Runs each task on the thread that hands it over, as {@code Runnable::run} does. */
  private static final class CallerRuns extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return shutdown;
    }
  }
}

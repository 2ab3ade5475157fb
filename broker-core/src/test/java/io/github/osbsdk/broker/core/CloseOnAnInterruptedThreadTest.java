package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Broker.close()} called on a thread whose interrupt flag is set, as a container that stops
 * by interrupting its threads does: the work running here still gets its grace, the leases are
 * still given up on a thread that is not interrupted (a connection pool refuses an interrupted
 * one), and the caller still sees its flag set afterwards. An interrupt that arrives while the
 * close runs does not cut the grace short either.
 */
class CloseOnAnInterruptedThreadTest {

  private final InMemoryBrokerStore shared = new InMemoryBrokerStore();
  private final CountDownLatch stepInterrupted = new CountDownLatch(1);
  /** Whether the closing thread was interrupted, at each give-up of the leases. */
  private final List<Boolean> giveUpInterrupted = new CopyOnWriteArrayList<>();
  private final AtomicBoolean flagAfterClose = new AtomicBoolean();

  private final HeldStepProvider provider = new HeldStepProvider();

  private final TestServer server = new TestServer(builder(provider).store(recordingGiveUps())
      .step(HeldStepProvider.STEP, provider.held(ctx -> { }, this::stopOnInterrupt)).build());

  @AfterEach
  void stop() {
    provider.release();
    server.close();
  }

  /** {@code shared}, noting whether the thread that gives up the leases is interrupted. */
  private BrokerStore recordingGiveUps() {
    return StoreProxy.around(shared, (called, args, target) -> {
      if (called.getName().equals("renewLeasesExcept")) {
        giveUpInterrupted.add(Thread.currentThread().isInterrupted());
      }
      return target.proceed(args);
    });
  }

  /** The held step, interrupted: it stops and leaves its operation running. */
  private void stopOnInterrupt(InterruptedException e) {
    stepInterrupted.countDown();
    Thread.currentThread().interrupt();
    throw new IllegalStateException("interrupted by the close", e);
  }

  /** Starts an operation whose step runs until released; returns its id. */
  private String runningOperation(String id) throws InterruptedException {
    Reply accepted = provision(server, id, HeldStepProvider.PLAN, "{}", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    assertThat(provider.started().await(30, TimeUnit.SECONDS)).as("the step started").isTrue();
    return accepted.json().get("operation").asText();
  }

  /** Closes the broker on a thread of its own whose interrupt flag is set. */
  private Thread closeOnAnInterruptedThread() {
    Thread closer = new Thread(() -> {
      Thread.currentThread().interrupt();
      server.broker.close();
      flagAfterClose.set(Thread.currentThread().isInterrupted());
    }, "interrupted-closer");
    closer.start();
    return closer;
  }

  /** Waits until the closer waits (in the grace, or in the old code's nothing) or has ended. */
  private static void awaitWaitingOrEnded(Thread closer) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (closer.getState() != Thread.State.TIMED_WAITING
        && closer.getState() != Thread.State.TERMINATED && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  private void assertSucceeded(String id, String operation) {
    StoredOperation op = shared.findOperation(id, null, operation).orElseThrow();
    assertThat(op.status())
        .as("the step's operation, released within the close's grace: %s", op)
        .isEqualTo(OperationStatus.SUCCEEDED);
  }

  @Test
  void closeOnAnInterruptedThreadLetsRunningWorkEndWithinItsGrace() throws Exception {
    String id = id();
    String operation = runningOperation(id);

    Thread closer = closeOnAnInterruptedThread();
    awaitWaitingOrEnded(closer);
    provider.release();
    closer.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(closer.isAlive()).as("the close ended").isFalse();
    assertThat(stepInterrupted.getCount()).as("the step was not interrupted").isEqualTo(1);
    assertSucceeded(id, operation);
    assertThat(flagAfterClose.get()).as("the caller's interrupt flag after the close").isTrue();
  }

  @Test
  void closeOnAnInterruptedThreadGivesUpTheLeasesOnAThreadThatIsNotInterrupted()
      throws Exception {
    runningOperation(id());

    Thread closer = closeOnAnInterruptedThread();
    awaitWaitingOrEnded(closer);
    provider.release();
    closer.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(closer.isAlive()).as("the close ended").isFalse();
    assertThat(giveUpInterrupted).as("interrupted at the give-up of the leases")
        .containsExactly(false);
    assertThat(flagAfterClose.get()).as("the caller's interrupt flag after the close").isTrue();
  }

  @Test
  void anInterruptWhileTheCloseRunsDoesNotCutTheGraceShort() throws Exception {
    String id = id();
    String operation = runningOperation(id);

    Thread closer = new Thread(() -> {
      server.broker.close();
      flagAfterClose.set(Thread.currentThread().isInterrupted());
    }, "closer");
    closer.start();
    awaitWaitingOrEnded(closer);
    closer.interrupt();
    // the old code interrupts the step at once; give it the time to, well within the 3 s grace
    boolean interrupted = stepInterrupted.await(500, TimeUnit.MILLISECONDS);
    provider.release();
    closer.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(closer.isAlive()).as("the close ended").isFalse();
    assertThat(interrupted).as("the step was interrupted").isFalse();
    assertSucceeded(id, operation);
    assertThat(flagAfterClose.get()).as("the caller's interrupt flag after the close").isTrue();
  }
}

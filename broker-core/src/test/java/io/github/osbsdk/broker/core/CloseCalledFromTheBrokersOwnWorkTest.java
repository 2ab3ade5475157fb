package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Broker.close()} called on a thread that runs the broker's own work (a resumable step or
 * a synchronous provider call that closes the broker) does not wait for that work: it cannot end
 * while the close runs. Before, the close waited its whole grace for it, then took it for work
 * that ignored the grace: it interrupted a step, its own caller, and reported a provider call as
 * still running.
 */
class CloseCalledFromTheBrokersOwnWorkTest {
  private final HeldStepProvider provider = new HeldStepProvider();
  private final AtomicReference<TestServer> server = new AtomicReference<>();
  /** Whether the step's thread was interrupted when its close returned. */
  private final CompletableFuture<Boolean> interruptedByItsClose = new CompletableFuture<>();

  @AfterEach
  void stop() {
    provider.release();
    if (server.get() != null) {
      server.get().close();
    }
  }

  @Test
  void aStepThatClosesTheBrokerIsNeitherWaitedForNorInterruptedByItsOwnClose() throws Exception {
    server.set(new TestServer(builder(provider).step(HeldStepProvider.STEP, ctx -> {
      server.get().broker.close();
      interruptedByItsClose.complete(Thread.currentThread().isInterrupted());
    }).build()));

    Reply accepted = provision(server.get(), id(), HeldStepProvider.PLAN, "{}", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);

    assertThat(interruptedByItsClose.get(30, TimeUnit.SECONDS))
        .as("the step's thread interrupted by the close it called (its close waited for it, then"
            + " interrupted the work still running)")
        .isFalse();
  }

  @Test
  void aSynchronousProviderCallThatClosesTheBrokerIsNotWaitedForByItsOwnClose() {
    TestServiceBroker closing = new TestServiceBroker() {
      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        server.get().broker.close();
        return super.provision(request);
      }
    };
    server.set(new TestServer(builder(closing).build()));

    Reply created;
    List<String> lines;
    try (StderrCapture log = new StderrCapture()) {
      created = provision(server.get(), id(), "plan-sync", "{}", false);
      lines = log.lines();
    }

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(lines).as("the log of the close the provider called")
        .noneMatch(line -> line.contains("still running here"));
  }
}

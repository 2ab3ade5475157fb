package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store with a clock of its own (a database's) that is an hour ahead of this JVM's: the
 * replica records operations and their leases on the store's clock, so that replicas whose
 * clocks disagree judge leases alike.
 */
class SharedClockTest {
  private static final Duration AHEAD = Duration.ofHours(1);
  private static final Duration LEASE = Duration.ofSeconds(30);
  private final TestServiceBroker sb = new TestServiceBroker();
  /** The thread that first read the store's clock. */
  private final AtomicReference<Thread> reader = new AtomicReference<>();
  private final InMemoryBrokerStore memory = new InMemoryBrokerStore();
  private final BrokerStore store = StoreProxy.around(memory, (method, args, target) -> {
    if (method.getName().equals("sharedTime")) {
      reader.compareAndSet(null, Thread.currentThread());
      return Optional.of(Instant.now().plus(AHEAD));
    }
    return target.proceed(args);
  });
  private final TestServer server = new TestServer(Broker.builder(sb)
      .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
      .store(store).lease(LEASE).build());

  @AfterEach
  void stop() {
    sb.releaseAsyncTasks();
    server.close();
  }

  @Test
  void operationsAndLeasesAreRecordedOnTheStoresClock() {
    // the replica reads the store's clock as it starts, and then waits for its next maintenance
    // round (a lease's third away): by then it has taken the store's clock as its own
    Await.until(() -> reader.get() != null
        && reader.get().getState() == Thread.State.TIMED_WAITING,
        "the replica read the store's clock and went on to wait for its next round");
    sb.holdAsyncTasks();
    String id = UUID.randomUUID().toString();
    assertThat(server.call("PUT", "/v2/service_instances/" + id + "?accepts_incomplete=true")
        .json(ProvisionTest.body("plan-async", "{}")).send().status()).isEqualTo(202);

    StoredOperation op = memory.runningOperation(id).orElseThrow();
    Instant storeNow = Instant.now().plus(AHEAD);
    assertThat(op.leaseExpiry()).isCloseTo(storeNow.plus(LEASE), within(5, ChronoUnit.SECONDS));
    assertThat(memory.findInstance(id).orElseThrow().createdAt())
        .isCloseTo(storeNow, within(5, ChronoUnit.SECONDS));
  }
}

package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one store whose shared clock (a database's; here the real time) they both
 * follow. Replica A's own wall clock is off: it steps back by two leases after A measured it (an
 * NTP correction, a VM resumed), or is two leases behind from the start while A's first
 * measurement failed. Before, A wrote the lease of the step it had just started on its wall
 * clock plus the last offset it had measured (0 before the first), a lease already run out:
 * replica B's next maintenance round took the step over while A still ran it.
 */
class LeasesOnAReplicaWhoseClockIsOffTest {
  /** Long: no maintenance round of its own runs while a test runs. */
  private static final Duration LEASE = Duration.ofSeconds(60);

  private final InMemoryBrokerStore memory = new InMemoryBrokerStore();
  /** How far A's wall clock is behind the real time, the store's. */
  private final AtomicReference<Duration> behind = new AtomicReference<>(Duration.ZERO);
  /** A's readings of the store's clock; the first fails when {@link #firstReadingFails}. */
  private final AtomicInteger readings = new AtomicInteger();
  private volatile boolean firstReadingFails;
  private final List<String> runs = new CopyOnWriteArrayList<>();
  private TestServer a;
  private Broker b;

  private final HeldStepProvider provider = new HeldStepProvider();

  @AfterEach
  void stop() {
    provider.release();
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  @Test
  void aWallClockStepBackAfterTheMeasurementLeavesTheLeasesOnTheStoresClock() {
    startReplicas();
    a.broker.maintainOperations(); // a round: A measures its clock against the store's
    behind.set(LEASE.multipliedBy(2));
    String id = startStepOnA();

    b.maintainOperations();
    assertStillAsFirstRun(id);
    assertLeaseAheadOfTheStoresClock(id);
  }

  @Test
  void aReplicaFarBehindTheStoresClockWritesItsFirstLeaseOnTheStoresClock() {
    behind.set(LEASE.multipliedBy(2));
    firstReadingFails = true; // the database did not answer A's measurement at its start
    startReplicas();
    Await.until(() -> readings.get() >= 1, "A's first reading of the store's clock");
    String id = startStepOnA();

    b.maintainOperations();
    assertStillAsFirstRun(id);
    assertLeaseAheadOfTheStoresClock(id);
  }

  private void startReplicas() {
    Broker.Builder ba = builder(provider).store(storeOfA()).lease(LEASE)
        .step(HeldStepProvider.STEP, provider.held(ctx -> runs.add("a" + ctx.attempt()), e -> {
          throw e;
        }));
    ba.settings().clock(new BehindClock(behind));
    a = new TestServer(ba.build());
    b = builder(provider).store(storeOfB()).lease(LEASE)
        .step(HeldStepProvider.STEP, ctx -> runs.add("b" + ctx.attempt())).build();
  }

  private String startStepOnA() {
    String id = id();
    Reply accepted = provision(a, id, HeldStepProvider.PLAN, "{}", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    Await.until(() -> runs.contains("a1"), "the step runs on A");
    return id;
  }

  private void assertLeaseAheadOfTheStoresClock(String id) {
    StoredOperation op = memory.runningOperation(id).orElseThrow();
    assertThat(op.leaseExpiry()).as("the lease A wrote, against the store's clock")
        .isAfter(Instant.now().plus(LEASE.dividedBy(2)));
  }

  private void assertStillAsFirstRun(String id) {
    StoredOperation op = memory.runningOperation(id).orElseThrow();
    assertThat(op.owner()).as("the owner after B's round: %s", op)
        .isEqualTo(a.broker.replicaId());
    assertThat(op.attempt()).as("the attempt after B's round: %s", op).isEqualTo(1);
    assertThat(runs).as("runs of the step").doesNotContain("b2");
  }

  /** The store as A sees it: its shared clock is the real time. */
  private BrokerStore storeOfA() {
    return StoreProxy.around(memory, (method, args, target) -> {
      if (!method.getName().equals("sharedTime")) {
        return target.proceed(args);
      }
      if (readings.incrementAndGet() == 1 && firstReadingFails) {
        throw new StoreUnavailableException("sharedTime: the database does not answer", null);
      }
      return Optional.of(Instant.now());
    });
  }

  /** The store as B sees it, B's clock being right. */
  private BrokerStore storeOfB() {
    return StoreProxy.around(memory, (method, args, target) -> method.getName()
        .equals("sharedTime") ? Optional.of(Instant.now()) : target.proceed(args));
  }

  /** The real time, {@code behind} by a duration that a test changes. */
  private static final class BehindClock extends Clock {
    private final AtomicReference<Duration> behind;

    BehindClock(AtomicReference<Duration> behind) {
      this.behind = behind;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return Instant.now().minus(behind.get());
    }
  }
}

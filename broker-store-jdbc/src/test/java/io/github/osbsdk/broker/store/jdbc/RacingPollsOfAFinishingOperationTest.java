package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two polls of one asynchronous operation on one replica race its finish on another replica:
 * the first poll reads the row while it is still in progress, the finish commits and its
 * notification drops the first poll's placeholder, the second poll puts its own placeholder
 * and reads the finished row, and only then does the first poll store what it read. The copy
 * it stores must not survive: a finished operation must not be answered "in progress" from a
 * copy. The replica keeps no copies of finished operations here
 * ({@code finishedOperationCache(0, ...)}, a documented setting), so nothing hides the copy of
 * the operation in progress. Each poll is held, on its own thread, after its read and before
 * it stores its copy (when the store gives its connection back), so the order is exact.
 */
class RacingPollsOfAFinishingOperationTest {
  private static final String OWNER = "replica-a";
  private static final Duration LONG = Duration.ofSeconds(60);
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
  /** Threads whose connections wait on close, with the gate they wait for. */
  private final Map<String, Gate> held = new ConcurrentHashMap<>();
  private PostgresBrokerStore polled;
  private PostgresBrokerStore finishing;

  /** Entered when the held thread's connection is being closed; open lets it go on. */
  private record Gate(CountDownLatch entered, CountDownLatch open) {}

  @BeforeEach
  void emptyDatabase() {
    TestDatabase.truncate();
  }

  @AfterEach
  void closeStores() {
    held.values().forEach(g -> g.open().countDown());
    if (polled != null) {
      polled.close();
    }
    if (finishing != null) {
      finishing.close();
    }
  }

  @Test
  void aPollThatReadBeforeAFinishLeavesNoCopyWhenAnotherPollStartedAfterIt() throws Exception {
    polled = PostgresBrokerStore.builder(holding(TestDatabase.replicaA()))
        .finishedOperationCache(0, LONG).runningOperationCache(100, LONG).build();
    finishing = PostgresBrokerStore.builder(TestDatabase.replicaB()).build();
    String first = "inst-" + UUID.randomUUID();
    StoredOperation listenedFor = asyncProvision(first);
    Await.until(() -> {
      polled.findOperation(first, null, listenedFor.id());
      return polled.listening();
    }, "the polled replica listens");
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = asyncProvision(id);
    String marker = "inst-" + UUID.randomUUID();
    StoredOperation markerOp = asyncProvision(marker);
    assertThat(find(marker, markerOp).inProgress()).isTrue(); // its copy, dropped on notice

    CompletableFuture<StoredOperation> firstPoll = pollHeld("first-poll", id, op);
    assertThat(finishing.finishOperation(succeeded(op, id))).isTrue();
    assertThat(finishing.finishOperation(succeeded(markerOp, marker))).isTrue();
    // notifications arrive in commit order: once the marker's copy is gone, so is the
    // first poll's placeholder
    Await.until(() -> !find(marker, markerOp).inProgress(), "the notifications were handled");
    CompletableFuture<StoredOperation> secondPoll = pollHeld("second-poll", id, op);
    held.get("first-poll").open().countDown();
    assertThat(firstPoll.get(30, TimeUnit.SECONDS).inProgress())
        .as("the first poll read the row before the finish").isTrue();
    held.get("second-poll").open().countDown();
    assertThat(secondPoll.get(30, TimeUnit.SECONDS).status())
        .isEqualTo(OperationStatus.SUCCEEDED);

    assertThat(find(id, op).status())
        .as("a poll after both, on the replica that polled (the database says SUCCEEDED)")
        .isEqualTo(OperationStatus.SUCCEEDED);
  }

  private StoredOperation find(String id, StoredOperation op) {
    return polled.findOperation(id, null, op.id()).orElseThrow();
  }

  /** Polls on a thread of its own, held after its read until its gate opens. */
  private CompletableFuture<StoredOperation> pollHeld(String thread, String id,
      StoredOperation op) throws InterruptedException {
    Gate gate = new Gate(new CountDownLatch(1), new CountDownLatch(1));
    held.put(thread, gate);
    CompletableFuture<StoredOperation> poll = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        poll.complete(find(id, op));
      } catch (RuntimeException | Error e) {
        poll.completeExceptionally(e);
      }
    }, thread);
    t.setDaemon(true);
    t.start();
    assertThat(gate.entered().await(30, TimeUnit.SECONDS)).as(thread + " read the row").isTrue();
    return poll;
  }

  /** The pool, whose connections wait on close on the threads {@link #held} names. */
  private DataSource holding(DataSource pool) {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object result = call(pool, method, args);
          return result instanceof Connection c ? holding(c) : result;
        });
  }

  private Connection holding(Connection c) {
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          Gate gate = held.get(Thread.currentThread().getName());
          if (gate != null && method.getName().equals("close")) {
            gate.entered().countDown();
            gate.open().await(30, TimeUnit.SECONDS);
          }
          return call(c, method, args);
        });
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** An asynchronous provision in progress, owned by the finishing replica. */
  private StoredOperation asyncProvision(String id) {
    StoredOperation op = StoredOperation.start(UUID.randomUUID().toString(), id, null,
        OperationType.PROVISION, "fp", OWNER, now.plus(LONG), "req", null, now);
    StoredInstance row = new StoredInstance(id, "svc", "plan", "fp", null, null, "org", "space",
        null, null, null, InstanceStatus.PROVISIONING, true, now, now, now);
    assertThat(finishing.claimInstance(row, op)).isInstanceOf(Claim.Won.class);
    StoredOperation accepted = op.accepted(null, null, null, null, now.plus(LONG));
    assertThat(finishing.acceptOperation(accepted, OWNER)).isTrue();
    return accepted;
  }

  private Finish succeeded(StoredOperation op, String id) {
    StoredInstance ready = new StoredInstance(id, "svc", "plan", "fp", null, null, "org",
        "space", null, null, null, InstanceStatus.READY, true, now, now, now);
    return new Finish(op.id(), OWNER, op.attempt(), OperationStatus.SUCCEEDED, null, null, null,
        true, Finish.RowChange.put(ready), Finish.RowChange.none(), now);
  }
}

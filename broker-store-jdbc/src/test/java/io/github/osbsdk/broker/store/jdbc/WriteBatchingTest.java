package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Claims of new instance ids and finishes that drop their operation and put their instance,
 * written in batches (one statement for several) when they come at once: every caller still
 * gets its own answer, exactly one of several identical claims wins, and each row reads back as
 * it was written, field by field, as a write alone leaves it; a finish of an earlier attempt
 * changes nothing, in a batch as alone.
 */
class WriteBatchingTest {
  private static final int THREADS = 12;
  private static final int IDS_PER_THREAD = 40;
  private final AtomicInteger batchStatements = new AtomicInteger();
  private final AtomicInteger finishBatches = new AtomicInteger();
  /** Thrown, once, by the next statement of several rows, before it is sent. */
  private final AtomicReference<Error> nextBatchThrows = new AtomicReference<>();
  @RegisterExtension final ClosedAfterTest closed = new ClosedAfterTest();

  @BeforeEach
  void emptyDatabase() {
    TestDatabase.truncate();
  }

  @Test
  void concurrentProvisionsAreWrittenInBatchesAndReadBackExactly() throws Exception {
    BrokerStore store = batchingStore();
    Map<String, StoredInstance> written = new ConcurrentHashMap<>();
    AtomicInteger wins = new AtomicInteger();
    onThreadsAtOnce(thread -> {
      for (int n = 0; n < IDS_PER_THREAD; n++) {
        // every third id is claimed by three threads at once: exactly one of them wins
        String id = n % 3 == 0 ? "shared-" + (thread / 3) + "-" + n : "own-" + thread + "-" + n;
        provision(store, id, "owner-" + thread, written, wins);
      }
    });
    assertThat(batchStatements).as("statements that wrote several rows").hasValueGreaterThan(0);
    assertThat(wins).hasValue(written.size());
    assertThat(written).hasSize(countDistinctIds());
    for (StoredInstance expected : written.values()) {
      assertThat(store.findInstance(expected.id())).as(expected.id()).contains(expected);
      assertThat(store.runningOperation(expected.id())).as(expected.id()).isEmpty();
    }
    assertThat(count("SELECT count(*) FROM osb_instance")).isEqualTo(written.size());
    assertThat(count("SELECT count(*) FROM osb_operation")).isZero();
  }

  @Test
  void aBatchWithARowThatCannotBeWrittenStillWritesTheOthers() throws Exception {
    // an operation in progress without its instance row: the claim of that id breaks the
    // one-operation-at-a-time index, which fails any statement that carries it
    sql("INSERT INTO osb_operation (id, instance_id, type, status, fingerprint, async, owner,"
        + " attempt, created_at) VALUES ('op-stuck', 'stuck', 'PROVISION', 'IN_PROGRESS', 'fp',"
        + " true, 'elsewhere', 1, now())");
    BrokerStore store = batchingStore();
    Map<String, StoredInstance> written = new ConcurrentHashMap<>();
    AtomicInteger wins = new AtomicInteger();
    AtomicInteger stuckRefused = new AtomicInteger();
    onThreadsAtOnce(thread -> {
      for (int n = 0; n < 10; n++) {
        if (n % 5 == thread % 5) {
          try {
            provision(store, "stuck", "owner-" + thread, written, wins);
          } catch (IllegalStateException e) {
            stuckRefused.incrementAndGet();
          }
        } else {
          provision(store, "id-" + thread + "-" + n, "owner-" + thread, written, wins);
        }
      }
    });
    assertThat(written).doesNotContainKey("stuck");
    assertThat(stuckRefused).hasValue(THREADS * 2);
    assertThat(written).hasSize(THREADS * 8);
    for (StoredInstance expected : written.values()) {
      assertThat(store.findInstance(expected.id())).as(expected.id()).contains(expected);
    }
  }

  @Test
  void anErrorThrownWhileWritingABatchLeavesNoOtherWriteWaitingForever() throws Exception {
    // an Error (a driver bug, no heap left for a batch's arrays) once went up the call of the
    // write that led the batch and left the batch's other writes, and every write after them,
    // waiting without end for a batch that had stopped
    Error driverBug = new LinkageError("test: the driver failed while preparing a batch");
    nextBatchThrows.set(driverBug);
    BrokerStore store = batchingStore();
    Map<String, StoredInstance> written = new ConcurrentHashMap<>();
    List<String> failedWithTheError = new java.util.concurrent.CopyOnWriteArrayList<>();
    onThreadsAtOnce(thread -> {
      for (int n = 0; n < 10; n++) {
        String id = "id-" + thread + "-" + n;
        try {
          provision(store, id, "owner-" + thread, written, new AtomicInteger());
        } catch (LinkageError e) {
          assertThat(e).isSameAs(driverBug);
          failedWithTheError.add(id);
        }
      }
    });
    assertThat(nextBatchThrows).as("a batch was tried").hasNullValue();
    assertThat(failedWithTheError).as("the write that led the batch").hasSize(1);
    assertThat(written).as("the others, written alone or in later batches")
        .hasSize(THREADS * 10 - 1).doesNotContainKey(failedWithTheError.get(0));
    assertThat(store.findInstance(failedWithTheError.get(0))).isEmpty();
  }

  @Test
  void finishesOfAnEarlierAttemptChangeNothingInABatchEither() throws Exception {
    BrokerStore store = batchingStore();
    onThreadsAtOnce(thread -> {
      for (int n = 0; n < IDS_PER_THREAD; n++) {
        String id = "id-" + thread + "-" + n;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        StoredOperation first = StoredOperation.start("op-" + id, id, null,
            OperationType.PROVISION, "fp", "owner-" + thread, now.plusSeconds(30), null, null,
            now);
        StoredInstance claimed = new StoredInstance(id, "svc", "plan", "fp", null, null, null,
            null, null, null, null, InstanceStatus.PROVISIONING, true, now, now, now);
        assertThat(store.claimInstance(claimed, first)).isInstanceOf(Claim.Won.class);
        takenOverAgainBySameOwner(first);
        Finish.RowChange<StoredInstance> ready = Finish.RowChange.put(
            claimed.withStatus(InstanceStatus.READY, now));
        assertThat(store.finishOperation(Finish.of(first, OperationStatus.SUCCEEDED, null, null,
            null, false, ready, Finish.RowChange.none(), now))).as("attempt 1 of " + id)
            .isFalse();
        assertThat(store.findInstance(id)).get().extracting(StoredInstance::status)
            .as(id).isEqualTo(InstanceStatus.PROVISIONING);
        StoredOperation second = store.runningOperation(id).orElseThrow();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(store.finishOperation(Finish.of(second, OperationStatus.SUCCEEDED, null, null,
            null, false, ready, Finish.RowChange.none(), now))).as("attempt 2 of " + id)
            .isTrue();
      }
    });
    assertThat(finishBatches).as("finish statements that wrote several rows")
        .hasValueGreaterThan(0);
    assertThat(count("SELECT count(*) FROM osb_operation")).isZero();
    assertThat(count("SELECT count(*) FROM osb_instance WHERE status = 'READY'"))
        .isEqualTo(THREADS * IDS_PER_THREAD);
  }

  /** A store on replica A that batches up to 8 writes, 2 in flight, counting its batches. */
  private BrokerStore batchingStore() {
    return closed.add(PostgresBrokerStore.builder(counting(TestDatabase.replicaA()))
        .writeBatching(8, 2).build());
  }

  /** What a take-over of {@code op} by its own owner does to its row: attempt 2, same owner. */
  private static void takenOverAgainBySameOwner(StoredOperation op) {
    try (Connection c = TestDatabase.replicaA().getConnection();
        var st = c.prepareStatement("UPDATE osb_operation SET attempt = attempt + 1"
            + " WHERE id = ? AND owner = ?")) {
      st.setString(1, op.id());
      st.setString(2, op.owner());
      assertThat(st.executeUpdate()).isEqualTo(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code work} on {@link #THREADS} threads released at once; waits for all of them. */
  private static void onThreadsAtOnce(IntConsumer work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          work.accept(thread);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      // a failed thread's siblings must not write on into the next test's database
      pool.shutdownNow();
      assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).as("threads ended").isTrue();
    }
  }

  /** Claims the id; when won, finishes the provision (drop the operation, put the instance). */
  private static void provision(BrokerStore store, String id, String owner,
      Map<String, StoredInstance> written, AtomicInteger wins) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    StoredOperation op = StoredOperation.start("op-" + id + "-" + owner, id, null,
        OperationType.PROVISION, "fp-" + id, owner, now.plusSeconds(30), "req-" + owner, null,
        now);
    StoredInstance claimed = new StoredInstance(id, "svc", "plan", "fp-" + id,
        "{\"n\":" + id.length() + "}", "{\"platform\":\"ibmcloud\"}", null, null, "1.0", null,
        null, InstanceStatus.PROVISIONING, true, now, now, now);
    Claim<StoredInstance> claim = store.claimInstance(claimed, op);
    if (!(claim instanceof Claim.Won)) {
      assertThat(claim).isInstanceOf(Claim.Exists.class);
      return;
    }
    wins.incrementAndGet();
    Instant later = Instant.now().truncatedTo(ChronoUnit.MICROS);
    StoredInstance ready = new StoredInstance(id, "svc", "plan", "fp-" + id,
        claimed.parameters(), claimed.context(), null, null, "1.0",
        "https://dashboard.example/" + id, "{\"labels\":{\"owner\":\"" + owner + "\"}}",
        InstanceStatus.READY, true, now, now, later);
    boolean finished = store.finishOperation(new Finish(op.id(), owner, op.attempt(),
        OperationStatus.SUCCEEDED, null, null, null, false, Finish.RowChange.put(ready),
        Finish.RowChange.none(), later));
    assertThat(finished).as("finish of " + id).isTrue();
    assertThat(written.put(id, ready)).as("one winner for " + id).isNull();
  }

  private static int countDistinctIds() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int t = 0; t < THREADS; t++) {
      for (int n = 0; n < IDS_PER_THREAD; n++) {
        ids.add(n % 3 == 0 ? "shared-" + (t / 3) + "-" + n : "own-" + t + "-" + n);
      }
    }
    return ids.size();
  }

  /** The pool, counting the statements prepared with several rows' arrays. */
  private DataSource counting(DataSource pool) {
    InvocationHandler dataSource = (proxy, method, args) -> {
      Object result = invoke(pool, method, args);
      if (result instanceof Connection c) {
        return Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Connection.class}, (p, m, a) -> {
              if (m.getName().equals("prepareStatement") && a != null
                  && a[0] instanceof String sql && sql.contains("unnest(")) {
                Error error = nextBatchThrows.getAndSet(null);
                if (error != null) {
                  throw error;
                }
                batchStatements.incrementAndGet();
                if (sql.contains("DELETE FROM")) {
                  finishBatches.incrementAndGet();
                }
              }
              return invoke(c, m, a);
            });
      }
      return result;
    };
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DataSource.class}, dataSource);
  }

  private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args)
      throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = TestDatabase.replicaA().getConnection();
        Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void sql(String sql) throws SQLException {
    try (Connection c = TestDatabase.replicaA().getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}

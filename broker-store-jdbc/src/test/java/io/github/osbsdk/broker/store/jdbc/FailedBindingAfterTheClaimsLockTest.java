package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bind's claim on PostgreSQL first locks the instance (FOR SHARE) and reads the binding row it
 * may replace (FOR UPDATE), then inserts its own row. When another replica records a failed bind
 * of the same binding id in between (its claim and its failure both commit after that read), the
 * insert meets a BIND_FAILED row the claim did not lock: the claim must not report it as taken
 * (a 409 or a repeat of a failed bind), but claim it on its next attempt, reporting it as the
 * failed row it replaced. Made deterministic by running the other replica's bind just before
 * this claim's insert.
 */
class FailedBindingAfterTheClaimsLockTest {
  private static final String CLAIM_INSERT = "INSERT INTO osb_binding";
  private static final String ME = "replica-a";
  private static final String OTHER = "replica-b";

  @RegisterExtension final ClosedAfterTest closed = new ClosedAfterTest();
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private final BrokerStore other = closed.add(
      PostgresBrokerStore.builder(TestDatabase.replicaB()).build());
  /** Runs once, on this replica's connection, just before its next claim's insert. */
  private final AtomicReference<Runnable> beforeInsert = new AtomicReference<>();
  private final BrokerStore store = closed.add(PostgresBrokerStore.builder(hooked()).build());

  @BeforeEach
  void emptyDatabase() {
    TestDatabase.truncate();
  }

  @Test
  void aFailedBindingRecordedAfterTheClaimReadTheRowIsClaimedOnTheNextAttempt() {
    String id = "inst-" + UUID.randomUUID();
    StoredOperation provision = op(id, null, OperationType.PROVISION, ME);
    assertThat(store.claimInstance(instance(id), provision)).isInstanceOf(Claim.Won.class);
    assertThat(store.finishOperation(Finish.of(provision, OperationStatus.SUCCEEDED, null, null,
        null, false, Finish.RowChange.put(instance(id).withStatus(InstanceStatus.READY, now)),
        Finish.RowChange.none(), now))).isTrue();
    StoredBinding failed = binding(id).withStatus(BindingStatus.BIND_FAILED);
    AtomicReference<StoredBinding> recorded = new AtomicReference<>();
    beforeInsert.set(() -> {
      StoredOperation first = op(id, "b1", OperationType.BIND, OTHER);
      assertThat(other.claimBinding(binding(id), first)).isInstanceOf(Claim.Won.class);
      assertThat(other.finishOperation(Finish.of(first, OperationStatus.FAILED, null, null, null,
          false, Finish.RowChange.none(), Finish.RowChange.put(failed), now))).isTrue();
      recorded.set(other.findBinding(id, "b1").orElseThrow());
    });
    StoredOperation retry = op(id, "b1", OperationType.BIND, ME)
        .withPayload("{\"previous_status\":\"BIND_FAILED\"}");

    Claim<StoredBinding> claim = store.claimBinding(binding(id), retry);

    assertThat(beforeInsert.get()).as("the other replica's bind ran before the insert").isNull();
    assertThat(recorded.get()).isEqualTo(failed);
    assertThat(claim).isInstanceOf(Claim.Won.class);
    assertThat(((Claim.Won<StoredBinding>) claim).replaced()).isEqualTo(recorded.get());
    assertThat(store.findBinding(id, "b1")).get().extracting(StoredBinding::status)
        .isEqualTo(BindingStatus.BINDING);
    assertThat(store.findOperation(id, "b1", retry.id())).get().satisfies(op -> {
      assertThat(op.inProgress()).isTrue();
      assertThat(op.payload()).as("kept: the claim replaced a failed binding")
          .isEqualTo(retry.payload());
    });
  }

  private StoredInstance instance(String id) {
    return new StoredInstance(id, "svc", "plan", "fp", null, null, null, null, null, null, null,
        InstanceStatus.PROVISIONING, true, now, now, now);
  }

  private StoredBinding binding(String id) {
    return new StoredBinding(id, "b1", "svc", "plan", "fp", "{\"role\":\"r\"}", null,
        "{\"app_guid\":\"app\"}", "app", null, null, BindingStatus.BINDING, now);
  }

  private StoredOperation op(String id, String bindingId, OperationType type, String owner) {
    return StoredOperation.start(UUID.randomUUID().toString(), id, bindingId, type, "fp", owner,
        now.plusSeconds(30), "req", null, now);
  }

  /** Replica A's pool, running {@link #beforeInsert} before a claim's insert of a binding. */
  private DataSource hooked() {
    return proxy(DataSource.class, TestDatabase.replicaA(),
        (m, args, r) -> r instanceof Connection c ? connection(c) : r, null);
  }

  private Connection connection(Connection c) {
    return proxy(Connection.class, c, (m, args, r) -> m.getName().equals("prepareStatement")
        && args[0] instanceof String sql && sql.contains(CLAIM_INSERT)
        ? statement((PreparedStatement) r) : r, null);
  }

  private PreparedStatement statement(PreparedStatement ps) {
    return proxy(PreparedStatement.class, ps, null, m -> {
      Runnable hook = m.getName().startsWith("execute") ? beforeInsert.getAndSet(null) : null;
      if (hook != null) {
        // on another thread, so that a lock it waited for would fail the test, not hang it
        CompletableFuture.runAsync(hook).get(10, TimeUnit.SECONDS);
      }
    });
  }

  /** What a proxy does with a call's result. */
  private interface After {
    Object apply(Method m, Object[] args, Object result) throws Exception;
  }

  /** What a proxy does before a call. */
  private interface Before {
    void accept(Method m) throws Exception;
  }

  private static <T> T proxy(Class<T> type, T target, After after, Before before) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (p, m, args) -> {
          if (before != null) {
            before.accept(m);
          }
          Object r;
          try {
            r = m.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          return after == null ? r : after.apply(m, args, r);
        }));
  }
}

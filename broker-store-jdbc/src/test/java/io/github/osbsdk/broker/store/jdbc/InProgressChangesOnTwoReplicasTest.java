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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replica B keeps a copy of an asynchronous operation in progress, and only a finish notifies
 * it. The other changes to the operation (its acceptance, lease renewals, a closing replica
 * giving its leases up, a takeover with its new owner, attempt and lease) send no notification:
 * B's copy then still shows the lease, owner and attempt it was made with. What a
 * {@code last_operation} poll answers from it (state, description, {@code instance_usable},
 * {@code update_repeatable}) must still be what the database holds: an operation in progress
 * gets a description and flags only with its finish. A takeover here is what a copy and a read
 * tell apart (the attempt).
 */
class InProgressChangesOnTwoReplicasTest {
  private static final String A = "replica-a";
  private static final Duration LONG = Duration.ofSeconds(60);
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
  private PostgresBrokerStore a;
  private PostgresBrokerStore b;
  /** Reads the database every time: what B would answer without copies. */
  private PostgresBrokerStore database;

  /** What a {@code last_operation} poll shows of an operation. */
  private record Answer(OperationStatus state, String description, Boolean instanceUsable,
      Boolean updateRepeatable) {
    static Answer of(StoredOperation op) {
      return new Answer(op.status(), op.description(), op.instanceUsable(),
          op.updateRepeatable());
    }
  }

  @BeforeEach
  void stores() {
    TestDatabase.truncate();
    a = PostgresBrokerStore.builder(TestDatabase.replicaA()).build();
    b = PostgresBrokerStore.builder(TestDatabase.replicaB()).runningOperationCache(100, LONG)
        .build();
    database = PostgresBrokerStore.builder(TestDatabase.replicaB())
        .runningOperationCache(0, LONG).finishedOperationCache(0, LONG).build();
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
    database.close();
  }

  @Test
  void aReplicaThatReadAnOperationBeforeItsAcceptanceSeesTheAcceptance() {
    listenOnB();
    String id = "inst-" + UUID.randomUUID();
    StoredOperation claimed = claim(id);
    assertThat(b.findOperation(id, null, claimed.id()).orElseThrow().async()).isFalse();

    StoredOperation accepted = accept(claimed);

    StoredOperation polled = b.findOperation(id, null, claimed.id()).orElseThrow();
    assertThat(polled.async()).as("B's read after the acceptance: %s", polled).isTrue();
    assertThat(polled.stepName()).isEqualTo("create");
    assertThat(polled.leaseExpiry()).isEqualTo(accepted.leaseExpiry());
  }

  @Test
  void aPollOnAnotherReplicaAnswersAsTheDatabaseThroughEveryChangeButTheFinish() {
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = accept(claim(id));
    String owner = A;
    boolean copyUsed = false;
    // a copy is used only while B's listener heard its probe lately: on a machine too slow for
    // that the read went to the database, and the round is tried again with a fresh copy
    for (int round = 1; round <= 5 && !copyUsed; round++) {
      pollUntilCopied(b, id, op.id());
      int copied = b.findOperation(id, null, op.id()).orElseThrow().attempt();

      Instant at = now.plus(LONG.multipliedBy(2L * round));
      assertThat(a.renewLeases(owner, at)).isEqualTo(1);
      assertSameAnswer(id, op.id());
      // closing, the owner gives its leases up: B's copy still shows the lease it had
      a.renewLeasesExcept(owner, Set.of(), Instant.now().minusMillis(1));
      assertSameAnswer(id, op.id());
      String taker = "replica-" + round;
      List<StoredOperation> taken = a.takeOverExpired(taker, at, at.plus(LONG), 10);
      assertThat(taken).extracting(StoredOperation::id).containsExactly(op.id());
      owner = taker;

      StoredOperation polled = assertSameAnswer(id, op.id());
      copyUsed = polled.attempt() == copied;
    }
    assertThat(copyUsed).as("B answered from its copy after a takeover").isTrue();

    StoredOperation current = database.findOperation(id, null, op.id()).orElseThrow();
    assertThat(a.finishOperation(succeeded(current, id))).isTrue();
    Await.until(() -> b.findOperation(id, null, op.id()).orElseThrow().status()
        == OperationStatus.SUCCEEDED, "B sees the finish (its notification)");
  }

  /** B's answer equals the database's, an operation in progress without description. */
  private StoredOperation assertSameAnswer(String id, String operationId) {
    StoredOperation polled = b.findOperation(id, null, operationId).orElseThrow();
    StoredOperation stored = database.findOperation(id, null, operationId).orElseThrow();
    assertThat(Answer.of(polled)).as("B's answer (%s) against the database's (%s)", polled,
        stored).isEqualTo(Answer.of(stored))
        .isEqualTo(new Answer(OperationStatus.IN_PROGRESS, null, null, null));
    return polled;
  }

  /** B listens, through a copy of an operation of its own. */
  private void listenOnB() {
    String id = "inst-" + UUID.randomUUID();
    pollUntilCopied(b, id, accept(claim(id)).id());
  }

  private StoredOperation claim(String id) {
    StoredOperation op = StoredOperation.start(UUID.randomUUID().toString(), id, null,
        OperationType.PROVISION, "fp", A, now.plus(LONG), "req", null, now);
    StoredInstance row = new StoredInstance(id, "svc", "plan", "fp", null, null, "org", "space",
        null, null, null, InstanceStatus.PROVISIONING, true, now, now, now);
    assertThat(a.claimInstance(row, op)).isInstanceOf(Claim.Won.class);
    return op;
  }

  /** Accepts {@code op} as a resumable step, with a lease of {@link #LONG}. */
  private StoredOperation accept(StoredOperation op) {
    StoredOperation accepted = op.accepted("create", "{}", null, null, now.plus(LONG));
    assertThat(a.acceptOperation(accepted, A)).isTrue();
    return accepted;
  }

  private static Finish succeeded(StoredOperation op, String id) {
    Instant at = Instant.now();
    StoredInstance ready = new StoredInstance(id, "svc", "plan", "fp", null, null, "org",
        "space", null, null, null, InstanceStatus.READY, true, at, at, at);
    return new Finish(op.id(), op.owner(), op.attempt(), OperationStatus.SUCCEEDED, null, null,
        null, true, Finish.RowChange.put(ready), Finish.RowChange.none(), at);
  }

  /** Polls until {@code store} listens and has made its copy of the operation. */
  private static void pollUntilCopied(PostgresBrokerStore store, String id, String operationId) {
    Await.until(() -> {
      store.findOperation(id, null, operationId);
      return store.listening();
    }, "the store listens");
    store.findOperation(id, null, operationId); // the first read while listening makes the copy
  }
}

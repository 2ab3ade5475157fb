package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replica B keeps a copy of an asynchronous operation in progress, owned by A. A closes and gives
 * its lease up early, and C takes the operation over (a new owner and attempt, which notify no
 * copy). The operation's deadline has passed: B's next poll ends it as failed. Before, B tried
 * to end it with its copy's owner and attempt, the store refused that, B logged two WARNs
 * ("recorded as failed", "no longer ours to finish") and answered "in progress".
 */
class PollPastTheDeadlineOfATakenOverOperationTest {
  /** A's and C's replica ids, their own: the database holds other tests' operations. */
  private final String replicaA = "replica-a-" + UUID.randomUUID();
  private final String replicaC = "replica-c-" + UUID.randomUUID();
  /** B's lease: no maintenance round of B's own runs while the test does. */
  private static final Duration LONG = Duration.ofMinutes(10);
  private final CountingProvider provider = new CountingProvider(false);
  private PostgresBrokerStore a;
  private ReplicaServer b;

  @BeforeEach
  void start() {
    a = PostgresBrokerStore.builder(TestDatabase.replicaA()).build();
    b = ReplicaServer.onTestDatabase("taken-over-b", pool -> ReplicaServer.replica(provider,
        pool).lease(LONG));
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  @Test
  void aPollOnAnotherReplicaEndsTheOperationAsTakenOverWithoutAWarn() {
    String id = "inst-" + UUID.randomUUID();
    StoredOperation op = acceptedByA(id);
    copiedOnB(id, op);

    // A closes, giving its lease up; C takes the operation over (attempt 2)
    a.renewLeasesExcept(replicaA, Set.of(), Instant.now().minusSeconds(1));
    Instant now = Instant.now();
    assertThat(a.takeOverExpired(replicaC, now, now.plus(LONG), 100))
        .extracting(StoredOperation::id).contains(op.id());

    Reply polled;
    List<String> warnings;
    try (StderrCapture log = new StderrCapture()) {
      polled = b.lastOperation(id, op.id());
      warnings = log.lines().stream().filter(l -> l.contains("WARN") && l.contains(op.id()))
          .toList();
    }
    assertThat(polled.status()).as(polled.toString()).isEqualTo(200);
    assertThat(polled.json().path("state").asText()).as(polled.toString()).isEqualTo("failed");
    assertThat(polled.json().path("description").asText()).isEqualTo("The operation did not"
        + " finish within 1 second; the service broker stopped waiting for it.");
    assertThat(warnings).as("WARN lines about the operation")
        .allMatch(l -> l.contains("recorded as failed")).hasSizeLessThanOrEqualTo(1);
    StoredOperation ended = a.findOperation(id, null, op.id()).orElseThrow();
    assertThat(ended.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(ended.attempt()).as("ended in C's attempt").isEqualTo(2);
  }

  /**
   * An asynchronous provision A accepted, with a recorded timeout of 1 s from a start an hour
   * ago: its deadline has passed, which no store call checks, only a poll.
   */
  private StoredOperation acceptedByA(String id) {
    Instant started = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofHours(1));
    Instant lease = Instant.now().truncatedTo(ChronoUnit.MICROS).plus(LONG);
    StoredOperation op = StoredOperation.start(UUID.randomUUID().toString(), id, null,
        OperationType.PROVISION, "fp", replicaA, lease, "req", null, started);
    StoredInstance row = new StoredInstance(id, CountingProvider.SERVICE, "async", "fp", null,
        null, "org", "space", null, null, null, InstanceStatus.PROVISIONING, true, started,
        started, started);
    assertThat(a.claimInstance(row, op)).isInstanceOf(Claim.Won.class);
    StoredOperation accepted = op.accepted(null, null, null, "{\"timeout_ms\":1000}", lease);
    assertThat(a.acceptOperation(accepted, replicaA)).isTrue();
    return accepted;
  }

  /**
   * Reads the operation through B's store until B answers from a copy: A renews its lease
   * without a notification between two reads, and B's second answer still shows the lease of
   * its first.
   */
  private void copiedOnB(String id, StoredOperation op) {
    AtomicReference<Instant> renewed = new AtomicReference<>(op.leaseExpiry());
    Await.until(() -> {
      StoredOperation read = b.store().findOperation(id, null, op.id()).orElseThrow();
      Instant later = renewed.updateAndGet(t -> t.plusSeconds(1));
      assertThat(a.renewLeases(replicaA, later)).isEqualTo(1);
      StoredOperation again = b.store().findOperation(id, null, op.id()).orElseThrow();
      return read.leaseExpiry().equals(again.leaseExpiry());
    }, "B answers from its copy");
  }
}

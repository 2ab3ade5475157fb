package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replica A stops while its plain asynchronous task runs; replica R takes the operation over,
 * and the database commits the takeover (R is now the owner, attempt 2, a fresh lease) but the
 * answer is lost on the way back (connection reset after the commit). R does not know it owns
 * the operation, yet its maintenance renews every lease it owns: unless something notices, the
 * operation stays "in progress" for ever, renewed by a live replica, and no other replica may
 * take it over. The promise: an operation is never forgotten and never stays in progress for
 * ever; a takeover ends it (an asynchronous one as failed, "the broker stopped"; a synchronous
 * one undone, so the platform's retry provisions again) within a few leases.
 */
class TakeoverAnswerLostAfterCommitTest {
  /**
   * R's lease: its rounds come every 2 s. Whichever of its rounds takes the operation over (one
   * in the background or the test's own), that takeover's answer is lost: the loss is armed
   * before the lease ends, and fires only once the operation is in attempt 2.
   */
  private static final Duration LEASE = Duration.ofSeconds(6);
  /**
   * A's lease: its first round comes 200 s after it starts, so A never takes over what the test
   * gives to a gone replica (only R does).
   */
  private static final Duration OWNER_LEASE = Duration.ofMinutes(10);
  private final CountingProvider ownerProvider = new CountingProvider(true);
  private final GatedProvider gatedOwnerProvider = new GatedProvider();
  private final CountingProvider takerProvider = new CountingProvider(false);
  private ReplicaServer owner;
  private ReplicaServer taker;
  private AnswerLostAfterCommit lost;

  @BeforeEach
  void start() {
    taker = ReplicaServer.onTestDatabase("takeover-lost-r", pool -> {
      lost = new AnswerLostAfterCommit(pool);
      return ReplicaServer.replica(takerProvider, lost.dataSource()).lease(LEASE);
    });
  }

  private void startOwner(ServiceBroker provider) {
    owner = ReplicaServer.onTestDatabase("takeover-lost-a",
        pool -> ReplicaServer.replica(provider, pool).lease(OWNER_LEASE));
  }

  @AfterEach
  void stop() {
    ownerProvider.release();
    gatedOwnerProvider.openAll();
    if (owner != null) {
      owner.close();
    }
    taker.close(); // and its pool
  }

  @Test
  void operationWhoseTakeoverAnswerWasLostIsStillEndedWithinAFewLeases() throws Exception {
    startOwner(ownerProvider);
    String id = UUID.randomUUID().toString();
    Reply accepted = owner.provision(id, "async", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String operation = accepted.json().path("operation").asText();
    armTakeoverLoss(id); // before A's close: R's background round may take over at once after it
    owner.close(); // A is gone; its lease then ends at once
    expireLease(id);
    taker.broker.maintainOperations();
    assertThat(lost.fired()).as("the takeover's answer was lost").isTrue();
    assertThat(attemptAndOwner(id)) // 3 when R's own rounds noticed it already and ended it
        .as("the takeover was committed").matches("[23]/" + taker.broker.replicaId());

    long deadline = System.nanoTime() + LEASE.multipliedBy(4).toNanos();
    Reply r = taker.lastOperation(id, operation);
    while ("in progress".equals(r.json().path("state").asText())
        && System.nanoTime() < deadline) {
      taker.broker.maintainOperations();
      Thread.sleep(200);
      r = taker.lastOperation(id, operation);
    }
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().path("state").asText())
        .as("four leases after a takeover whose answer was lost (owner/attempt now: %s)",
            attemptAndOwner(id))
        .isEqualTo("failed");
  }

  @Test
  void synchronousProvisionWhoseTakeoverAnswerWasLostCanBeProvisionedAgain() throws Exception {
    startOwner(gatedOwnerProvider);
    String id = UUID.randomUUID().toString();
    GatedProvider.Gate gate = gatedOwnerProvider.hold("provision");
    CompletableFuture<Reply> first =
        CompletableFuture.supplyAsync(() -> owner.provision(id, "sync", false));
    gate.await();
    armTakeoverLoss(id);
    giveToAGoneReplica(id); // A's lease on it ends (as if A had paused past it)
    taker.broker.maintainOperations();
    assertThat(lost.fired()).as("the takeover's answer was lost").isTrue();
    assertThat(attemptAndOwner(id)).as("the takeover was committed").startsWith("2/");
    gatedOwnerProvider.open("provision");
    Reply a = first.get(30, TimeUnit.SECONDS);
    assertThat(a.status()).as("A's answer once its operation was taken over: %s", a)
        .isNotIn(200, 201);

    // the platform retries (or deletes) as it would after a 5xx
    long deadline = System.nanoTime() + LEASE.multipliedBy(4).toNanos();
    Reply retry = taker.provision(id, "sync", false);
    while (retry.status() != 201 && retry.status() != 200 && System.nanoTime() < deadline) {
      taker.broker.maintainOperations();
      Thread.sleep(200);
      retry = taker.provision(id, "sync", false);
    }
    assertThat(retry.status())
        .as("the platform's retry four leases later: %s (owner/attempt now: %s)", retry,
            attemptAndOwner(id))
        .isIn(200, 201);
  }

  /**
   * The next takeover by R that takes the instance's operation over (to attempt 2) loses its
   * answer; a takeover statement that took nothing over (a round before the lease ended) does not.
   */
  private void armTakeoverLoss(String instanceId) {
    lost.arm("WITH picked AS MATERIALIZED", () -> {
      try {
        return attemptAndOwner(instanceId).equals("2/" + taker.broker.replicaId());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** The instance's operation in progress belongs to a replica that is gone, its lease ended. */
  private static void giveToAGoneReplica(String instanceId) throws Exception {
    try (Connection c = TestDatabase.replicaB().getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE osb_operation SET owner = 'gone',"
            + " lease_expiry = now() - interval '1 minute' WHERE instance_id = ?"
            + " AND status = 'IN_PROGRESS'")) {
      ps.setString(1, instanceId);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  /**
   * The lease of the instance's operation in progress ends now, its owner left as it is, unless
   * R's background round took it over already (between A's close, which gives the lease up, and
   * this call): then it is in attempt 2 and left alone.
   */
  private static void expireLease(String instanceId) throws Exception {
    try (Connection c = TestDatabase.replicaB().getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE osb_operation SET lease_expiry ="
            + " now() - interval '1 minute' WHERE instance_id = ? AND status = 'IN_PROGRESS'"
            + " AND attempt = 1")) {
      ps.setString(1, instanceId);
      assertThat(ps.executeUpdate()).isBetween(0, 1);
    }
  }

  private static String attemptAndOwner(String instanceId) throws Exception {
    try (Connection c = TestDatabase.replicaB().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT attempt || '/' || coalesce(owner, '')"
            + " FROM osb_operation WHERE instance_id = ? ORDER BY created_at DESC LIMIT 1")) {
      ps.setString(1, instanceId);
      try (var rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "none";
      }
    }
  }
}

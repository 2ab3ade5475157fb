package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The set-up the lost-answer tests share: before each test, one replica on the embedded
 * PostgreSQL whose pool loses the answer of an armed commit ({@link AnswerLostAfterCommit}),
 * running a fresh {@link FailNextProvider}; after it, the replica and its pool stopped. Plus the
 * steps these tests repeat: losing one commit's answer, and waiting for the withdrawal of a claim
 * whose answer was lost.
 */
abstract class LostAnswerFixture {
  /** Several leases: how long a retrying platform, or a test waiting for a withdrawal, waits. */
  protected static final Duration SEVERAL_LEASES = ReplicaServer.LEASE.multipliedBy(5);
  private static final String PLAN = "?service_id=" + CountingProvider.SERVICE + "&plan_id=sync";

  /** The provider the replica runs. */
  protected final FailNextProvider provider = new FailNextProvider();
  /** Arms the loss of one commit's answer; see {@link #answerLost}. */
  protected AnswerLostAfterCommit lost;
  /** The replica under test. */
  protected ReplicaServer replica;

  @BeforeEach
  void startReplica() {
    replica = ReplicaServer.onTestDatabase(getClass().getSimpleName(), pool -> {
      lost = new AnswerLostAfterCommit(pool);
      return ReplicaServer.replica(provider, lost.dataSource())
          .repeatWait(Duration.ofMillis(200));
    });
  }

  @AfterEach
  void stopReplica() {
    replica.close(); // and its pool
  }

  /**
   * Sends {@code call} with the next commit of SQL containing {@code sqlPart} losing its answer,
   * and asserts that the commit happened, lost its answer, and the call was answered 503.
   *
   * @param sqlPart a piece of the statement whose commit loses its answer
   * @param call the request
   * @return its answer
   */
  protected Reply answerLost(String sqlPart, Supplier<Reply> call) {
    lost.arm(sqlPart);
    Reply first = call.get();
    assertThat(lost.fired()).as("the commit's answer was lost").isTrue();
    assertThat(first.status()).as(first.toString()).isEqualTo(503);
    return first;
  }

  /**
   * Waits, for {@link #SEVERAL_LEASES} at most, until the instance has no running operation,
   * and asserts that it has none: the claim whose answer was lost was withdrawn.
   *
   * @param instanceId the instance
   * @throws InterruptedException when interrupted while waiting
   */
  protected void awaitClaimWithdrawn(String instanceId) throws InterruptedException {
    long deadline = System.nanoTime() + SEVERAL_LEASES.toNanos();
    while (replica.store().runningOperation(instanceId).isPresent()
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(replica.store().runningOperation(instanceId))
        .as("the claim is withdrawn").isEmpty();
  }

  /**
   * The path of an instance with the {@code sync} plan's query.
   *
   * @param instanceId the instance
   * @return the path and query
   */
  protected static String instancePath(String instanceId) {
    return "/v2/service_instances/" + instanceId + PLAN;
  }

  /**
   * The path of a binding with the {@code sync} plan's query.
   *
   * @param instanceId the instance
   * @param bindingId the binding
   * @return the path and query
   */
  protected static String bindingPath(String instanceId, String bindingId) {
    return "/v2/service_instances/" + instanceId + "/service_bindings/" + bindingId + PLAN;
  }
}

package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The begin of a deprovision commits but its answer is lost (503), so the replica withdraws the
 * operation once the store is back; the withdrawal commits too and its answer is lost as well,
 * so the replica keeps it and writes it again, which then matches nothing (it was applied). The
 * registry is consistent (the instance is there, nothing in progress), and the log says what
 * became of the withdrawal: before, an end written again that matched nothing said nothing.
 */
class UndoWrittenAgainAfterAnOutageTest extends LostAnswerFixture {
  /** The guard every finish statement ends with (keep and drop alike). */
  private static final String FINISH = "RETURNING instance_id, binding_id, id, async";

  @Test
  void aWithdrawalWrittenAgainThatMatchesNothingSaysSoAndLeavesTheInstanceAsItWas()
      throws Exception {
    String id = UUID.randomUUID().toString();
    assertThat(replica.provision(id, "sync", false).status()).isEqualTo(201);
    List<String> lines;
    try (StderrCapture log = new StderrCapture()) {
      lost.arm("'DEPROVISIONING'");
      lost.thenArm(FINISH);
      Reply first = replica.send("DELETE", instancePath(id), null);
      assertThat(first.status()).as(first.toString()).isEqualTo(503);
      long deadline = System.nanoTime() + SEVERAL_LEASES.toNanos();
      while (!saysMatchedNothing(log.lines()) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      lines = log.lines();
    }
    assertThat(lost.fired()).as("the withdrawal's answer was lost too").isTrue();
    assertThat(replica.store().runningOperation(id)).as("nothing in progress").isEmpty();
    assertThat(replica.store().findInstance(id)).as("the instance stays").isPresent();
    assertThat(lines).as("the log says the end written again matched nothing")
        .anyMatch(UndoWrittenAgainAfterAnOutageTest::matchedNothing);
    Reply retried = replica.send("DELETE", instancePath(id), null);
    assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
  }

  private static boolean saysMatchedNothing(List<String> lines) {
    return lines.stream().anyMatch(UndoWrittenAgainAfterAnOutageTest::matchedNothing);
  }

  private static boolean matchedNothing(String line) {
    return line.contains("INFO") && line.contains("matched nothing");
  }
}

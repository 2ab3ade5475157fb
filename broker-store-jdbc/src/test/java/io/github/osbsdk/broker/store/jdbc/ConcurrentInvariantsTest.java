package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.StoreWorkload;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The registry's rules under concurrency, on two replicas: six or twelve workers (half per
 * replica, each replica with its own pool) claim, begin and finish operations on three instances
 * with two bindings each, as fast as they can, while a checker reads the tables again and again.
 * Every committed state must keep the rules that no unique index can state on its own: no
 * binding operation runs while its instance's operation runs; an operation in progress has its
 * row, in the state it put the row in; a row in a passing state (provisioning, deprovisioning,
 * binding, unbinding) has its operation in progress; no binding lives under an instance that was
 * never ready. The workers' own checks ({@link StoreWorkload}) run too. Longer runs with
 * {@code -Dstore.invariants.calls=N} (calls per worker, default 250).
 */
class ConcurrentInvariantsTest {
  @RegisterExtension final ClosedAfterTest closed = new ClosedAfterTest();

  private static final String[] INSTANCES = {"i-0", "i-1", "i-2"};
  private static final String[] BINDINGS = {"b-0", "b-1"};
  private static final int CALLS_PER_WORKER = Integer.getInteger("store.invariants.calls", 250);

  /** Each query lists what breaks one rule, read in one snapshot. */
  private static final Map<String, String> RULES = Map.of(
      "a binding operation runs while its instance's operation runs",
      "SELECT i.id || ' / ' || b.id FROM osb_operation i JOIN osb_operation b"
          + " ON b.instance_id = i.instance_id WHERE i.status = 'IN_PROGRESS'"
          + " AND i.binding_id IS NULL AND b.status = 'IN_PROGRESS' AND b.binding_id IS NOT NULL",
      "an instance operation in progress without its row in the state it set",
      "SELECT o.id || ' ' || o.type || ' ' || coalesce(i.status, 'no row') FROM osb_operation o"
          + " LEFT JOIN osb_instance i ON i.id = o.instance_id WHERE o.status = 'IN_PROGRESS'"
          + " AND o.binding_id IS NULL AND (i.id IS NULL"
          + " OR (o.type = 'PROVISION' AND i.status <> 'PROVISIONING')"
          + " OR (o.type = 'DEPROVISION' AND i.status <> 'DEPROVISIONING')"
          + " OR (o.type = 'UPDATE' AND i.status <> 'READY'))",
      "a binding operation in progress without its row in the state it set",
      "SELECT o.id || ' ' || o.type || ' ' || coalesce(b.status, 'no row') FROM osb_operation o"
          + " LEFT JOIN osb_binding b ON b.instance_id = o.instance_id"
          + " AND b.binding_id = o.binding_id WHERE o.status = 'IN_PROGRESS'"
          + " AND o.binding_id IS NOT NULL AND (b.binding_id IS NULL"
          + " OR (o.type = 'BIND' AND b.status <> 'BINDING')"
          + " OR (o.type = 'UNBIND' AND b.status <> 'UNBINDING'))",
      "an instance in a passing state without its operation",
      "SELECT i.id || ' ' || i.status FROM osb_instance i WHERE i.status IN ('PROVISIONING',"
          + " 'DEPROVISIONING') AND NOT EXISTS (SELECT 1 FROM osb_operation o"
          + " WHERE o.instance_id = i.id AND o.binding_id IS NULL AND o.status = 'IN_PROGRESS'"
          + " AND o.type = CASE i.status WHEN 'PROVISIONING' THEN 'PROVISION'"
          + " ELSE 'DEPROVISION' END)",
      "a binding in a passing state without its operation",
      "SELECT b.instance_id || '/' || b.binding_id || ' ' || b.status FROM osb_binding b"
          + " WHERE b.status IN ('BINDING', 'UNBINDING') AND NOT EXISTS (SELECT 1"
          + " FROM osb_operation o WHERE o.instance_id = b.instance_id"
          + " AND o.binding_id = b.binding_id AND o.status = 'IN_PROGRESS'"
          + " AND o.type = CASE b.status WHEN 'BINDING' THEN 'BIND' ELSE 'UNBIND' END)",
      "a binding under an instance that was never ready",
      "SELECT b.instance_id || '/' || b.binding_id || ' under ' || i.status FROM osb_binding b"
          + " JOIN osb_instance i ON i.id = b.instance_id"
          + " WHERE i.status IN ('PROVISIONING', 'PROVISION_FAILED')");

  @BeforeEach
  void emptyDatabase() {
    TestDatabase.truncate();
  }

  /**
   * Runs once with each replica writing alone (the default) and once with write batching on,
   * one write of each kind in flight and twice the workers, so claims and finishes that meet go
   * to the database together.
   */
  @ParameterizedTest(name = "write batching up to {0}, {1} workers")
  @CsvSource({"1, 6", "8, 12"})
  void twoReplicasRacingOnFewIdsNeverBreakTheRegistrysRules(int batch, int workerCount)
      throws Exception {
    List<BrokerStore> replicas = List.of(
        closed.add(PostgresBrokerStore.builder(TestDatabase.replicaA())
            .writeBatching(batch, 1).build()),
        closed.add(PostgresBrokerStore.builder(TestDatabase.replicaB())
            .writeBatching(batch, 1).build()));
    ConcurrentLinkedQueue<String> broken = new ConcurrentLinkedQueue<>();
    StoreWorkload workload = new StoreWorkload(INSTANCES, BINDINGS, CALLS_PER_WORKER);
    int checks = workload.run(replicas, workerCount, () -> check(broken));
    check(broken);
    assertThat(broken).as("rules broken in a committed state").isEmpty();
    assertThat(workload.breaches()).as("conflicting operations let run at once").isEmpty();
    assertThat(workload.leftovers(replicas.get(0))).as("what the finished workload left")
        .isEmpty();
    // the race was real: the rules were read while work went on, and work got done
    assertThat(checks).isGreaterThan(5);
    assertThat(workload.finished()).isGreaterThan(50).isEqualTo(workload.started());
  }

  private static void check(ConcurrentLinkedQueue<String> broken) throws SQLException {
    try (Connection c = TestDatabase.replicaA().getConnection();
        Statement st = c.createStatement()) {
      for (Map.Entry<String, String> rule : RULES.entrySet()) {
        try (ResultSet rs = st.executeQuery(rule.getValue())) {
          while (rs.next()) {
            broken.add(rule.getKey() + ": " + rs.getString(1));
          }
        }
      }
    }
  }
}

package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the schema itself enforces, whoever writes to it. */
class DatabaseRulesTest {
  @RegisterExtension final ClosedAfterTest closed = new ClosedAfterTest();

  @BeforeEach
  void emptyDatabase() {
    TestDatabase.truncate();
  }

  private static void sql(String sql) throws SQLException {
    try (Connection c = TestDatabase.replicaA().getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static String op(String id, String instance, String binding, String type,
      String status) {
    return "INSERT INTO osb_operation (id, instance_id, binding_id, type, status, fingerprint,"
        + " async, attempt, created_at) VALUES ('" + id + "', '" + instance + "', "
        + (binding == null ? "NULL" : "'" + binding + "'") + ", '" + type + "', '" + status
        + "', 'fp', false, 1, now())";
  }

  @Test
  void aSecondInstanceOperationInProgressIsRejectedEvenByADirectInsert() throws Exception {
    sql(op("o1", "i1", null, "UPDATE", "IN_PROGRESS"));
    assertThatThrownBy(() -> sql(op("o2", "i1", null, "DEPROVISION", "IN_PROGRESS")))
        .isInstanceOfSatisfying(SQLException.class,
            e -> assertThat(e.getSQLState()).isEqualTo("23505"));
    sql(op("o3", "i1", null, "UPDATE", "SUCCEEDED"));
    sql(op("o4", "i2", null, "UPDATE", "IN_PROGRESS"));
  }

  @Test
  void aSecondOperationInProgressOnOneBindingIsRejectedButOtherBindingsMayRun()
      throws Exception {
    sql(op("o1", "i1", "b1", "BIND", "IN_PROGRESS"));
    assertThatThrownBy(() -> sql(op("o2", "i1", "b1", "UNBIND", "IN_PROGRESS")))
        .isInstanceOfSatisfying(SQLException.class,
            e -> assertThat(e.getSQLState()).isEqualTo("23505"));
    sql(op("o3", "i1", "b2", "BIND", "IN_PROGRESS"));
    sql(op("o4", "i1", null, "UPDATE", "IN_PROGRESS"));
  }

  @Test
  void aBindingOperationNeedsABindingIdAndAnInstanceOperationNone() {
    assertThatThrownBy(() -> sql(op("o1", "i1", null, "BIND", "IN_PROGRESS")))
        .isInstanceOfSatisfying(SQLException.class,
            e -> assertThat(e.getSQLState()).isEqualTo("23514"));
  }

  @Test
  void timesRoundTripToTheMicrosecond() {
    Instant t = Instant.parse("2026-03-04T05:06:07.123456Z");
    PostgresBrokerStore store = closed.add(
        PostgresBrokerStore.builder(TestDatabase.replicaA()).build());
    StoredInstance i = new StoredInstance("micro", "svc", "plan", "fp", "{\"b\": 1, \"a\": 2}",
        null, null, null, null, null, null, InstanceStatus.PROVISIONING, true, t, t, t);
    StoredOperation o = StoredOperation.start("op-micro", "micro", null,
        OperationType.PROVISION, "fp", "me", t.plusSeconds(30), null, null, t);
    assertThat(store.claimInstance(i, o)).isInstanceOf(Claim.Won.class);
    StoredInstance back = store.findInstance("micro").orElseThrow();
    assertThat(back.createdAt()).isEqualTo(t);
    assertThat(back.parameters()).isEqualTo("{\"b\": 1, \"a\": 2}");
    assertThat(store.findOperation("micro", null, "op-micro").orElseThrow().leaseExpiry())
        .isEqualTo(t.plusSeconds(30));
  }

  @Test
  void takeOverTakesNoMoreThanTheLimit() {
    PostgresBrokerStore store = closed.add(
        PostgresBrokerStore.builder(TestDatabase.replicaA()).build());
    Instant t = Instant.parse("2026-03-04T05:06:07Z");
    for (int i = 0; i < 5; i++) {
      String id = "lim-" + i;
      StoredInstance inst = new StoredInstance(id, "svc", "plan", "fp", null, null, null, null,
          null, null, null, InstanceStatus.PROVISIONING, true, t, t, t);
      store.claimInstance(inst, StoredOperation.start("op-" + id, id, null,
          OperationType.PROVISION, "fp", "dead", t.plusSeconds(i), null, null, t));
    }
    assertThat(store.takeOverExpired("me", t.plusSeconds(60), t.plusSeconds(90), 2))
        .extracting(StoredOperation::id).containsExactlyInAnyOrder("op-lim-0", "op-lim-1");
    assertThat(store.takeOverExpired("me", t.plusSeconds(60), t.plusSeconds(90), 10))
        .hasSize(3);
  }
}

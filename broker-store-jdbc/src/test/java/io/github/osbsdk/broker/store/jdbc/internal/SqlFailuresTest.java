package io.github.osbsdk.broker.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.testsupport.Await;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which driver failures the store answers as "database unavailable" (503 + Retry-After). */
class SqlFailuresTest {

  @Test
  void aSessionTheServerEndedForIdlingInATransactionIsUnavailableNotAnError() throws Exception {
    EmbeddedPostgres server = io.github.osbsdk.broker.store.jdbc.TestDatabase.server();
    SQLException failure;
    try (Connection c = DriverManager.getConnection(server.getJdbcUrl("postgres", "postgres")
        + "&options=-c%20idle_in_transaction_session_timeout%3D200");
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      int pid;
      try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
      }
      // the server ends the session (FATAL 25P03): its backend is gone
      Await.until(() -> !backendAlive(server, pid), "the server ended the idle session");
      try {
        st.execute("SELECT 2");
        throw new AssertionError("the server did not end the idle transaction's session");
      } catch (SQLException e) {
        failure = e;
      }
    }

    RuntimeException translated = SqlFailures.translate("claimBinding", failure);

    assertThat(translated).as("SQLState %s", failure.getSQLState())
        .isInstanceOf(StoreUnavailableException.class);
  }

  private static boolean backendAlive(EmbeddedPostgres server, int pid) {
    try (Connection admin = server.getPostgresDatabase().getConnection();
        PreparedStatement ps = admin.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
      ps.setInt(1, pid);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"25P03", "25P04"})
  void transactionTimeoutsAreUnavailableAndTheMessageNamesTheState(String state) {
    // 25P03 idle_in_transaction_session_timeout, 25P04 transaction_timeout (PostgreSQL 17)
    RuntimeException translated = SqlFailures.translate("beginOperation",
        new SQLException("terminating connection due to a timeout", state));

    assertThat(translated).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("beginOperation").hasMessageContaining(state);
  }
}

package io.github.osbsdk.broker.store.jdbc.replicas;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.StoredBindingDetailsContract;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;

/**
 * {@link StoredBindingDetailsContract} on PostgreSQL: the binding row's {@code details} column is
 * rewritten with plain SQL, as an earlier SDK version left it.
 */
class StoredBindingDetailsOnPostgresTest extends StoredBindingDetailsContract {
  private final HikariDataSource pool = ReplicaServer.pool(
      TestDatabase.server().getJdbcUrl("postgres", "postgres"), "stored-details", 4, 5_000);
  private PostgresBrokerStore store;

  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    store = PostgresBrokerStore.builder(pool).build();
    return Broker.builder(provider).store(store);
  }

  @Override
  protected void writeDetails(String instanceId, String bindingId, String details)
      throws Exception {
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE osb_binding SET details = ?"
            + " WHERE instance_id = ? AND binding_id = ?")) {
      s.setString(1, details);
      s.setString(2, instanceId);
      s.setString(3, bindingId);
      if (s.executeUpdate() != 1) {
        throw new IllegalStateException("no binding row " + bindingId);
      }
    }
  }

  @Override
  protected void afterBrokerClosed() {
    if (store != null) {
      store.close();
    }
    pool.close();
  }
}

package io.github.osbsdk.broker.store.jdbc.replicas;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.StoredBindingDetailsContract;
import java.sql.Connection;
import java.sql.PreparedStatement;

/**
 * {@link StoredBindingDetailsContract} on PostgreSQL: the binding row's {@code details} column is
 * rewritten with plain SQL, as an earlier SDK version left it.
 */
class StoredBindingDetailsOnPostgresTest extends StoredBindingDetailsContract {
  private final ContractStore db = new ContractStore("stored-details");

  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    return Broker.builder(provider).store(db.store());
  }

  @Override
  protected void writeDetails(String instanceId, String bindingId, String details)
      throws Exception {
    try (Connection c = db.pool().getConnection();
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
    db.close();
  }
}

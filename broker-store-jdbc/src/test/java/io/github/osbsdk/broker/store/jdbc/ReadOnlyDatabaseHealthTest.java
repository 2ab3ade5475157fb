package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.core.health.ComponentHealth;
import io.github.osbsdk.broker.core.health.HealthCheck;
import io.github.osbsdk.broker.core.health.HealthStatus;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A database set read-only ({@code ALTER DATABASE ... SET default_transaction_read_only = on},
 * connections recycled): reads work, every write fails with SQLState 25006, and the store's
 * health check says so.
 */
class ReadOnlyDatabaseHealthTest {

  @Test
  void aDatabaseSetReadOnlyMakesTheStoresHealthDownAsReadOnly() throws Exception {
    // before: UP (SELECT 1 answered), while every write was a 503
    String name = "ro_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    TestDatabase.execute(TestDatabase.replicaA(), "CREATE DATABASE " + name);
    String url = TestDatabase.server().getJdbcUrl("postgres", name);
    try (HikariDataSource writable = TestDatabase.pool(url, "writable");
        PostgresBrokerStore store = PostgresBrokerStore.builder(writable).build()) {
      Migrations.apply(writable); // the check needs the store's tables
      ComponentHealth up = HealthCheck.store(store).check();
      assertThat(up.status()).isEqualTo(HealthStatus.UP);
    }
    TestDatabase.execute(TestDatabase.replicaA(), "ALTER DATABASE " + name
        + " SET default_transaction_read_only = on");
    try (HikariDataSource recycled = TestDatabase.pool(url, "recycled");
        PostgresBrokerStore store = PostgresBrokerStore.builder(recycled).build()) {
      ComponentHealth down = HealthCheck.store(store).check();
      assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(down.details()).containsEntry("error", "read-only")
          .containsEntry("type", "PostgresBrokerStore");
    } finally {
      TestDatabase.execute(TestDatabase.replicaA(), "DROP DATABASE " + name);
    }
  }
}

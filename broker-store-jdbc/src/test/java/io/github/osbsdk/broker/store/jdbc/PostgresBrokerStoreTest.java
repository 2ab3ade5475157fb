package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.BrokerStoreContract;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared store contract, with two replicas (two pools, two stores) on one database. */
class PostgresBrokerStoreTest extends BrokerStoreContract {
  /** Every store a test made, closed after it: a listener would hold a shared pool's connection. */
  private final List<PostgresBrokerStore> made = new ArrayList<>();
  private final BrokerStore second = made(PostgresBrokerStore.builder(TestDatabase.replicaB()));

  @BeforeEach
  void emptyDatabase() {
    TestDatabase.truncate();
  }

  @AfterEach
  void closeStores() {
    made.forEach(PostgresBrokerStore::close);
  }

  private PostgresBrokerStore made(PostgresBrokerStore.Builder builder) {
    PostgresBrokerStore store = builder.build();
    made.add(store);
    return store;
  }

  @Override
  protected BrokerStore store() {
    return made(PostgresBrokerStore.builder(TestDatabase.replicaA()));
  }

  @Override
  protected BrokerStore secondView() {
    return second;
  }

  @Test
  void aClaimThatKeepsLosingToDeletesAndRecreatesIsUnavailableNotAnError() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    StoredInstance instance = new StoredInstance("flapping", "svc", "plan", "fp", null, null,
        null, null, null, null, null, InstanceStatus.PROVISIONING, true, now, now, now);
    // before each of this replica's statements, the other replica creates the instance (so the
    // insert finds it) or deletes it (so the read that follows finds nothing): every attempt loses
    AtomicInteger connections = new AtomicInteger();
    DataSource real = TestDatabase.replicaA();
    DataSource racing = (DataSource) Proxy.newProxyInstance(
        DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            if (connections.getAndIncrement() % 2 == 0) {
              assertThat(second.claimInstance(instance, provision(now)))
                  .isInstanceOf(Claim.Won.class);
            } else {
              TestDatabase.sql("DELETE FROM osb_operation WHERE instance_id = 'flapping'");
              TestDatabase.sql("DELETE FROM osb_instance WHERE id = 'flapping'");
            }
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    BrokerStore store = made(PostgresBrokerStore.builder(racing));

    assertThatThrownBy(() -> store.claimInstance(instance, provision(now)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("claimInstance");
    assertThat(connections.get()).as("connections of the attempts").isGreaterThan(2);
  }

  private static StoredOperation provision(Instant now) {
    return StoredOperation.start(UUID.randomUUID().toString(), "flapping", null,
        OperationType.PROVISION, "fp", "me", now.plusSeconds(30), null, null, now);
  }
}

package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one PostgreSQL database, as in the database-fault drills: replica A's database
 * goes away while it records the end of a synchronous deprovision (503), and comes back 1.2 s
 * later, between two of A's writes of that end (250 ms and 750 ms after the outage, next at
 * 1750 ms with A's 30 s lease). The platform's retry, sent to replica B, found the first attempt
 * still in progress and was answered 422 {@code ConcurrencyError} at once; it now waits for A's
 * write and is answered as a repeat of a delete that was done (410).
 */
class DeleteRetriedAfterAnOutageOnPostgresTest {
  private static final String PLAN = "?service_id=" + CountingProvider.SERVICE + "&plan_id=sync";

  /** While set, replica A gets no connection, as when its database is down. */
  private final AtomicBoolean down = new AtomicBoolean();
  private final CountingProvider counting = new CountingProvider(false);
  private ReplicaServer a;
  private ReplicaServer b;

  @AfterEach
  void stopReplicas() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  @Test
  void retryOnAnotherReplicaOfADeprovisionWhoseEndWasCutOffIsAnsweredAsARepeat() {
    a = ReplicaServer.onTestDatabase("outage-a", pool -> ReplicaServer
        .replica(downAfterDeprovision(), outage(pool)).lease(Duration.ofSeconds(30)));
    b = ReplicaServer.onTestDatabase("outage-b", pool -> ReplicaServer.replica(counting, pool));
    String id = UUID.randomUUID().toString();
    String path = "/v2/service_instances/" + id + PLAN;
    assertThat(a.provision(id, "sync", false).status()).isEqualTo(201);

    Reply unavailable = a.send("DELETE", path, null);
    assertThat(unavailable.status()).as(unavailable.toString()).isEqualTo(503);
    sleep(1200);
    down.set(false);

    Reply retry = b.send("DELETE", path, null);
    assertThat(retry.status()).as(retry.toString()).isEqualTo(410);
    assertThat(b.store().findInstance(id)).isEmpty();
  }

  /** {@code pool}, refusing connections while {@link #down} is set (SQLState 08001). */
  private DataSource outage(DataSource pool) {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DataSource.class}, (p, m, args) -> {
          if (m.getName().equals("getConnection") && down.get()) {
            throw new SQLTransientConnectionException("the database is down", "08001");
          }
          try {
            return m.invoke(pool, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** The counting provider, whose deprovision takes replica A's database down as it returns. */
  private ServiceBroker downAfterDeprovision() {
    return new ServiceBroker() {
      @Override
      public Catalog catalog() {
        return counting.catalog();
      }

      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        return counting.provision(request);
      }

      @Override
      public UpdateResult update(UpdateRequest request) {
        return counting.update(request);
      }

      @Override
      public DeprovisionResult deprovision(DeprovisionRequest request) {
        down.set(true);
        return counting.deprovision(request);
      }

      @Override
      public BindResult bind(BindRequest request) {
        return counting.bind(request);
      }

      @Override
      public UnbindResult unbind(UnbindRequest request) {
        return counting.unbind(request);
      }
    };
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.core.ImmediateInstancesProvider;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A binding row an earlier SDK version wrote keeps reading: its {@code details} hold the
 * provider's metadata text as given (a local date-time without offset, an offset with a zone),
 * which today's {@code BindingMetadata} would refuse. A fetch through the SDK answers 200 with
 * the times in UTC.
 */
class OldFormBindingMetadataOnPostgresTest {
  private static final String SERVICE = "svc-old-form";
  private static final ServiceBroker PROVIDER = new ImmediateInstancesProvider(Catalog.of(
      ServiceOffering.builder(SERVICE, "old-form", "Old stored rows")
          .bindable(true).bindingsRetrievable(true)
          .plan(Plan.builder("sync", "sync", "Synchronous plan").build()).build())) {
    @Override
    public BindResult bind(BindRequest request) {
      return BindResult.bound(Map.of("user", "u"));
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      return UnbindResult.unbound();
    }
  };
  private ReplicaServer replica;

  @BeforeEach
  void start() {
    replica = ReplicaServer.onTestDatabase("old-form-metadata",
        pool -> ReplicaServer.replica(PROVIDER, pool));
  }

  @AfterEach
  void stop() {
    replica.close();
  }

  private void insertOldBinding(String instanceId, String bindingId, String details)
      throws Exception {
    try (Connection c = replica.pool().getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO osb_binding (instance_id,"
            + " binding_id, service_id, plan_id, fingerprint, details, status, created_at)"
            + " VALUES (?, ?, ?, 'sync', 'written-by-an-earlier-version', ?, 'READY', ?)")) {
      s.setString(1, instanceId);
      s.setString(2, bindingId);
      s.setString(3, SERVICE);
      s.setString(4, details);
      s.setTimestamp(5, Timestamp.from(Instant.now()));
      s.executeUpdate();
    }
  }

  @Test
  void aStoredMetadataTimeWithoutOffsetIsFetchedAsUtc() throws Exception {
    String id = UUID.randomUUID().toString();
    Reply provisioned = replica.send("PUT", "/v2/service_instances/" + id,
        "{\"service_id\":\"" + SERVICE + "\",\"plan_id\":\"sync\","
            + "\"context\":{\"platform\":\"ibmcloud\"}}");
    assertThat(provisioned.status()).as(provisioned.toString()).isEqualTo(201);
    insertOldBinding(id, "b-old", "{\"metadata\":{\"expires_at\":\"2026-12-31T23:59:59\","
        + "\"renew_before\":\"2026-07-01T12:00:00+02:00[Europe/Paris]\"}}");

    Reply fetched = replica.send("GET", "/v2/service_instances/" + id
        + "/service_bindings/b-old?service_id=" + SERVICE + "&plan_id=sync", null);

    assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
    assertThat(fetched.json().get("metadata").get("expires_at").asText())
        .isEqualTo("2026-12-31T23:59:59Z");
    assertThat(fetched.json().get("metadata").get("renew_before").asText())
        .isEqualTo("2026-07-01T10:00:00Z");
  }
}

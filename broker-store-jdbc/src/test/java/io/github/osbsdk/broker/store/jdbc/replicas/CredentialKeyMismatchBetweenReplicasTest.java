package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.CredentialKeyMismatchException;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.store.jdbc.Migrations;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A replica started with another credential key than the replicas already serving from the same
 * database (the likeliest mistake of a rolling deploy) refuses to start, instead of answering
 * 500 to every fetch and repeated bind of the credentials they stored; with the old key among
 * its previous keys it starts and reads them.
 */
class CredentialKeyMismatchBetweenReplicasTest {
  private static final SecretKey A = key(1);
  private static final SecretKey B = key(2);
  private final GatedProvider provider = new GatedProvider();
  /** A schema of this test's own: no other test's credentials are the newest. */
  private final String schema = TestDatabase.freshSchema("key_");

  private static SecretKey key(int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return new SecretKeySpec(bytes, "AES");
  }

  private ReplicaServer replica(String name, SecretKey key, List<SecretKey> previous) {
    return ReplicaServer.onOwnPool(TestDatabase.server().getJdbcUrl("postgres", "postgres"),
        name, 4, 5_000, pool -> builder(pool).storeCredentials(key, previous));
  }

  private Broker.Builder builder(DataSource pool) {
    return Broker.builder(provider)
        .authenticator(BasicAuthenticator.of(ReplicaServer.USER, ReplicaServer.PASSWORD))
        .store(PostgresBrokerStore.builder(pool).schema(schema).build())
        .lease(ReplicaServer.LEASE);
  }

  @Test
  void aReplicaWithAnotherKeyDoesNotStartOnADatabaseHoldingCredentials() {
    Migrations.apply(TestDatabase.replicaA(), schema);
    String id = UUID.randomUUID().toString();
    String binding = "/v2/service_instances/" + id + "/service_bindings/b1";
    try (ReplicaServer a = replica("key-a", A, List.of())) {
      assertThat(a.provision(id, "sync", false).status()).isEqualTo(201);
      assertThat(a.bind(id, "b1").status()).isEqualTo(201);

      assertThatThrownBy(() -> replica("key-c", B, List.of()))
          .isInstanceOf(CredentialKeyMismatchException.class)
          .hasMessageContaining("the configured credential key does not match the binding"
              + " credentials already stored")
          .hasMessageContaining("Every replica on a store needs the same key")
          .hasMessageNotContaining(Base64.getEncoder().encodeToString(B.getEncoded()))
          .hasMessageNotContaining("u-b1");

      try (ReplicaServer b = replica("key-b", B, List.of(A))) {
        Reply fetch = b.send("GET", binding, null);
        assertThat(fetch.status()).as(fetch.toString()).isEqualTo(200);
        assertThat(fetch.json().path("credentials").path("user").asText()).isEqualTo("u-b1");
      }
    }
  }

  @Test
  void aReplicaWithTheSameKeyStartsAndAnEmptyDatabaseHasNothingToCheck() {
    Migrations.apply(TestDatabase.replicaA(), schema);
    String id = UUID.randomUUID().toString();
    try (ReplicaServer a = replica("same-a", A, List.of())) {
      try (ReplicaServer other = replica("same-b", B, List.of())) {
        assertThat(other.store().newestBindingWithCredentials()).isEmpty();
      }
      assertThat(a.provision(id, "sync", false).status()).isEqualTo(201);
      assertThat(a.bind(id, "b1").status()).isEqualTo(201);
      try (ReplicaServer b = replica("same-b", A, List.of())) {
        Reply fetch = b.send("GET", "/v2/service_instances/" + id + "/service_bindings/b1",
            null);
        assertThat(fetch.json().path("credentials").path("user").asText()).isEqualTo("u-b1");
      }
    }
  }
}

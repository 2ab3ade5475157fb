package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.ReencryptionReport;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A credential key rotation during a rolling deploy: replica A (old key) runs an unbind that the
 * provider fails, while replica B (new key, old one as previous) re-encrypts the stored
 * credentials. The failed unbind restores the binding; it must keep the value B rewrote, or the
 * binding is left under the old key after a re-encryption that reported every value rewritten,
 * and once the old key is dropped its credentials cannot be read.
 */
class KeyRotationDuringAFailedUnbindTest {
  private static final SecretKey OLD = key(1);
  private static final SecretKey NEW = key(2);
  private final GatedProvider provider = new GatedProvider();
  private ReplicaServer a;
  private ReplicaServer b;

  private static SecretKey key(int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return new SecretKeySpec(bytes, "AES");
  }

  @BeforeEach
  void start() {
    String url = TestDatabase.server().getJdbcUrl("postgres", "postgres");
    a = ReplicaServer.onOwnPool(url, "rotate-a", 4, 5_000,
        pool -> ReplicaServer.replica(provider, pool).storeCredentials(OLD));
    b = ReplicaServer.onOwnPool(url, "rotate-b", 4, 5_000,
        pool -> ReplicaServer.replica(provider, pool).storeCredentials(NEW, List.of(OLD)));
  }

  @AfterEach
  void stop() {
    provider.openAll();
    a.close();
    b.close();
  }

  @Test
  void failedUnbindKeepsTheCredentialsReencryptedWhileItRan() throws Exception {
    String id = UUID.randomUUID().toString();
    String binding = "/v2/service_instances/" + id + "/service_bindings/b1";
    assertThat(a.provision(id, "sync", false).status()).isEqualTo(201);
    assertThat(a.bind(id, "b1").status()).isEqualTo(201);
    provider.failing.add("unbind");
    GatedProvider.Gate gate = provider.hold("unbind");
    CompletableFuture<Reply> unbind = CompletableFuture.supplyAsync(() -> a.send("DELETE",
        binding + "?service_id=" + CountingProvider.SERVICE + "&plan_id=sync", null));
    gate.await();
    ReencryptionReport rotation = b.broker.reencryptCredentials();
    assertThat(rotation.rewritten()).isGreaterThanOrEqualTo(1);
    assertThat(rotation.complete()).isTrue();
    provider.open("unbind");
    Reply failed = unbind.get(20, TimeUnit.SECONDS);
    assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
    // nothing is left under the old key ...
    ReencryptionReport again = b.broker.reencryptCredentials();
    assertThat(again.rewritten()).as(again.toString()).isZero();
    // ... so a replica without it still reads the binding's credentials
    try (ReplicaServer c = ReplicaServer.onTestDatabase("rotate-c",
        pool -> ReplicaServer.replica(provider, pool).storeCredentials(NEW))) {
      Reply fetch = c.send("GET", binding, null);
      assertThat(fetch.status()).as(fetch.toString()).isEqualTo(200);
      assertThat(fetch.json().path("credentials").path("user").asText()).isEqualTo("u-b1");
    }
  }
}

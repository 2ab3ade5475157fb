package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.bind;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoredBinding;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Binding credentials kept in the store: encrypted, answered after a key rotation, and only
 * when turned on.
 */
class StoredCredentialsTest {
  @Test
  void storedCredentialsAreEncryptedAndAnswerRepeatsAndFetches() {
    TestServiceBroker sb = new TestServiceBroker() {
      @Override
      public BindingDetails fetchBinding(FetchBindingRequest request) {
        return request.recorded();
      }
    };
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    Broker broker = builder(sb).store(store)
        .storeCredentials(new SecretKeySpec(new byte[32], "AES")).build();
    try (TestServer s = new TestServer(broker)) {
      String id = id();
      provision(s, id, "plan-sync", "{}", false);
      assertThat(bind(s, id, "b1", "{}").status()).isEqualTo(201);
      StoredBinding stored = store.findBinding(id, "b1").orElseThrow();
      assertThat(stored.credentials()).isNotNull().doesNotContain("\"p\"")
          .doesNotContain("password");
      assertThat(stored.toString()).doesNotContain(stored.credentials());
      Reply again = bind(s, id, "b1", "{}");
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.json().get("credentials").get("password").asText()).isEqualTo("p");
      Reply fetched = s.call("GET", "/v2/service_instances/" + id + "/service_bindings/b1").send();
      assertThat(fetched.json().get("credentials").get("password").asText()).isEqualTo("p");
      assertThat(fetched.json().get("endpoints").get(0).get("host").asText())
          .isEqualTo("db.example");
    }
  }

  @Test
  void credentialsStoredBeforeAKeyRotationAreAnsweredAfterIt() {
    TestServiceBroker sb = new TestServiceBroker() {
      @Override
      public BindingDetails fetchBinding(FetchBindingRequest request) {
        return request.recorded();
      }
    };
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    SecretKeySpec oldKey = new SecretKeySpec(new byte[32], "AES");
    byte[] fresh = new byte[32];
    fresh[0] = 1;
    SecretKeySpec newKey = new SecretKeySpec(fresh, "AES");
    String id = id();
    try (TestServer before = new TestServer(builder(sb).store(store)
        .storeCredentials(oldKey).build())) {
      provision(before, id, "plan-sync", "{}", false);
      assertThat(bind(before, id, "b1", "{}").status()).isEqualTo(201);
    }
    try (TestServer rotated = new TestServer(builder(sb).store(store)
        .storeCredentials(newKey, List.of(oldKey)).build())) {
      Reply fetched = rotated.call("GET", "/v2/service_instances/" + id
          + "/service_bindings/b1").send();
      assertThat(fetched.status()).isEqualTo(200);
      assertThat(fetched.json().get("credentials").get("password").asText()).isEqualTo("p");
      assertThat(bind(rotated, id, "b2", "{}").status()).isEqualTo(201);
    }
    // the binding made after the rotation is under the new key: a replica without it does not
    // start (CredentialKeyAtStartTest), rather than answering without credentials
    assertThatThrownBy(() -> builder(sb).store(store).storeCredentials(oldKey).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not match the binding credentials already stored");
  }

  @Test
  void credentialsAreNotStoredUnlessTurnedOn() {
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).store(store).build())) {
      String id = id();
      provision(s, id, "plan-sync", "{}", false);
      bind(s, id, "b1", "{}");
      assertThat(store.findBinding(id, "b1").orElseThrow().credentials()).isNull();
    }
  }
}

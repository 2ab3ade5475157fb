package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoredBinding;
import java.util.List;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** {@link Broker#reencryptCredentials()}: retiring a credential key after a rotation. */
class CredentialReencryptionTest {
  private static final SecretKey OLD = key(1);
  private static final SecretKey NEW = key(2);
  private static final SecretKey UNRELATED = key(3);
  private static final String BODY = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
      + "\"context\":{\"platform\":\"cloudfoundry\"},\"parameters\":{}}";

  private static SecretKey key(int fill) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) fill);
    return new SecretKeySpec(bytes, "AES");
  }

  /** Answers fetches with the credentials the SDK kept. */
  private static final class RecordingBroker extends TestServiceBroker {
    @Override
    public BindingDetails fetchBinding(FetchBindingRequest request) {
      return request.recorded();
    }
  }

  private static Broker.Builder builder(InMemoryBrokerStore store) {
    return Broker.builder(new RecordingBroker()).store(store)
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD));
  }

  private static String bound(TestServer s, String id, String... bindingIds) {
    assertThat(s.call("PUT", "/v2/service_instances/" + id).json(BODY).send().status())
        .isEqualTo(201);
    for (String b : bindingIds) {
      assertThat(s.call("PUT", "/v2/service_instances/" + id + "/service_bindings/" + b)
          .json(BODY).send().status()).isEqualTo(201);
    }
    return id;
  }

  private static Reply fetch(TestServer s, String id, String bindingId) {
    return s.call("GET", "/v2/service_instances/" + id + "/service_bindings/" + bindingId).send();
  }

  @Test
  void valuesUnderThePreviousKeyAreRewrittenSoTheOldKeyCanBeDropped() {
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    String id = UUID.randomUUID().toString();
    String later = UUID.randomUUID().toString();
    try (TestServer before = new TestServer(builder(store).storeCredentials(OLD).build())) {
      bound(before, id, "b1", "b2", "b3");
    }
    String storedBefore = store.findBinding(id, "b1").orElseThrow().credentials();
    Broker rotated = builder(store).storeCredentials(NEW, List.of(OLD)).build();
    try (TestServer s = new TestServer(rotated)) {
      bound(s, later, "b1"); // written under the new key already
      ReencryptionReport first = rotated.reencryptCredentials();
      assertThat(first).isEqualTo(new ReencryptionReport(1, 3, 0, 0));
      assertThat(first.examined()).isEqualTo(4);
      assertThat(first.complete()).isTrue();
      assertThat(rotated.reencryptCredentials()).isEqualTo(new ReencryptionReport(4, 0, 0, 0));
    }
    StoredBinding after = store.findBinding(id, "b1").orElseThrow();
    assertThat(after.credentials()).isNotEqualTo(storedBefore);
    // the old key is gone: every binding still answers its credentials
    try (TestServer newOnly = new TestServer(builder(store).storeCredentials(NEW).build())) {
      for (String b : List.of("b1", "b2", "b3")) {
        Reply fetched = fetch(newOnly, id, b);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().get("credentials").get("password").asText()).isEqualTo("p");
      }
      assertThat(fetch(newOnly, later, "b1").json().get("credentials").get("password").asText())
          .isEqualTo("p");
    }
  }

  @Test
  void aWalkCoversEveryPage() {
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    String id = UUID.randomUUID().toString();
    String[] bindings = new String[230];
    for (int i = 0; i < bindings.length; i++) {
      bindings[i] = "b" + i;
    }
    try (TestServer before = new TestServer(builder(store).storeCredentials(OLD).build())) {
      bound(before, id, bindings);
    }
    try (Broker rotated = builder(store).storeCredentials(NEW, List.of(OLD)).build()) {
      assertThat(rotated.reencryptCredentials()).isEqualTo(new ReencryptionReport(0, 230, 0, 0));
    }
    try (TestServer newOnly = new TestServer(builder(store).storeCredentials(NEW).build())) {
      assertThat(fetch(newOnly, id, "b229").status()).isEqualTo(200);
      assertThat(fetch(newOnly, id, "b0").status()).isEqualTo(200);
    }
  }

  @Test
  void valuesNoKeyOpensAreCountedAndLeftAsTheyAre() {
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    // "a-..." sorts first: when both are created in one millisecond, "z-..." is still the newest
    String id = "a-" + UUID.randomUUID();
    try (TestServer before = new TestServer(builder(store).storeCredentials(UNRELATED).build())) {
      bound(before, id, "b1");
    }
    // the newest stored value is under OLD, so a broker with NEW and OLD starts
    try (TestServer before = new TestServer(builder(store)
        .storeCredentials(OLD, List.of(UNRELATED)).build())) {
      bound(before, "z-" + UUID.randomUUID(), "b1");
    }
    String stored = store.findBinding(id, "b1").orElseThrow().credentials();
    Broker rotated = builder(store).storeCredentials(NEW, List.of(OLD)).build();
    try {
      ReencryptionReport report = rotated.reencryptCredentials();
      assertThat(report).isEqualTo(new ReencryptionReport(0, 1, 0, 1));
      assertThat(report.complete()).isFalse();
    } finally {
      rotated.close();
    }
    assertThat(store.findBinding(id, "b1").orElseThrow().credentials()).isEqualTo(stored);
  }

  @Test
  void aValueWrittenMeanwhileIsNeverOverwritten() {
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    String id = UUID.randomUUID().toString();
    try (TestServer before = new TestServer(builder(store).storeCredentials(OLD).build())) {
      bound(before, id, "b1");
    }
    String read = store.findBinding(id, "b1").orElseThrow().credentials();
    assertThat(store.replaceCredentials(id, "b1", read, "written-meanwhile")).isTrue();
    // what a walk that read the old value before that write would try: refused
    assertThat(store.replaceCredentials(id, "b1", read, "rewritten")).isFalse();
    assertThat(store.findBinding(id, "b1").orElseThrow().credentials())
        .isEqualTo("written-meanwhile");
  }

  @Test
  void withoutStoredCredentialsThereIsNothingToReencrypt() {
    try (Broker broker = builder(new InMemoryBrokerStore()).build()) {
      assertThatThrownBy(broker::reencryptCredentials)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("storeCredentials");
    }
  }

  @Test
  void reportCountsAreNeverNegative() {
    assertThatThrownBy(() -> new ReencryptionReport(0, -1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new ReencryptionReport(1, 2, 3, 4).examined()).isEqualTo(10);
    assertThat(new ReencryptionReport(1, 2, 3, 0).complete()).isFalse();
  }
}

package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.bind;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * A broker built with a credential key that does not open the binding credentials its store
 * already holds (a replica given another key than the others) refuses to start; when the store
 * does not answer at the start, it starts and fails closed once the store answers.
 */
class CredentialKeyAtStartTest {
  static final SecretKey A = key(1);
  static final SecretKey B = key(2);

  private static SecretKey key(int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return new SecretKeySpec(bytes, "AES");
  }

  /** Answers fetches with the credentials the SDK kept, and counts binds. */
  static final class RecordingBroker extends TestServiceBroker {
    final AtomicInteger binds = new AtomicInteger();

    @Override
    public BindResult bind(BindRequest request) {
      binds.incrementAndGet();
      return super.bind(request);
    }

    @Override
    public BindingDetails fetchBinding(FetchBindingRequest request) {
      return request.recorded();
    }
  }

  /** A store with one binding whose credentials were stored under key {@code A}. */
  static String boundUnderA(BrokerStore store) {
    String id = id();
    try (TestServer s = new TestServer(builder(new RecordingBroker()).store(store)
        .storeCredentials(A).build())) {
      provision(s, id, "plan-sync", "{}", false);
      assertThat(bind(s, id, "b1", "{}").status()).isEqualTo(201);
    }
    return id;
  }

  /** {@code store} as a database that refuses every call while {@code down} is set. */
  static BrokerStore downWhile(AtomicBoolean down, BrokerStore store) {
    return StoreProxy.around(store, (method, args, target) -> {
      if (down.get()) {
        throw new StoreUnavailableException("down", null);
      }
      return target.proceed(args);
    });
  }

  static Reply fetch(TestServer s, String id) {
    return s.call("GET", "/v2/service_instances/" + id + "/service_bindings/b1").send();
  }

  @Test
  void aKeyThatOpensNoStoredCredentialsIsRefusedAtBuild() {
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    boundUnderA(store);
    Broker.Builder withB = builder(new RecordingBroker()).store(store).storeCredentials(B);

    assertThatThrownBy(withB::build).isInstanceOf(CredentialKeyMismatchException.class)
        .hasMessageContaining("the configured credential key does not match the binding"
            + " credentials already stored")
        .hasMessageContaining("Every replica on a store needs the same key")
        .hasMessageContaining("keep the old key among the previous keys")
        .hasMessageNotContaining(Base64.getEncoder().encodeToString(A.getEncoded()))
        .hasMessageNotContaining(Base64.getEncoder().encodeToString(B.getEncoded()))
        .hasMessageNotContaining("password");
  }

  @Test
  void theOldKeyAmongThePreviousKeysLetsTheBrokerStart() {
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    String id = boundUnderA(store);
    try (TestServer s = new TestServer(builder(new RecordingBroker()).store(store)
        .storeCredentials(B, List.of(A)).build())) {
      Reply fetched = fetch(s, id);
      assertThat(fetched.status()).isEqualTo(200);
      assertThat(fetched.json().get("credentials").get("password").asText()).isEqualTo("p");
    }
  }

  @Test
  void anEmptyStoreAndABrokerWithoutAKeyHaveNothingToRefuse() {
    try (Broker empty = builder(new RecordingBroker()).store(new InMemoryBrokerStore())
        .storeCredentials(B).build()) {
      assertThat(empty.store().newestBindingWithCredentials()).isEmpty();
    }
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    String id = boundUnderA(store);
    // no key here: a warning at the start, and fetches ask the provider
    try (TestServer s = new TestServer(builder(new RecordingBroker()).store(store).build())) {
      Reply fetched = fetch(s, id);
      assertThat(fetched.status()).isEqualTo(200);
      assertThat(fetched.json().has("credentials")).isFalse();
    }
  }

  @Test
  void aStoreDownAtTheStartIsCheckedWhenItAnswersAndAWrongKeyThenFailsClosed() {
    InMemoryBrokerStore memory = new InMemoryBrokerStore();
    String id = boundUnderA(memory);
    AtomicBoolean down = new AtomicBoolean(true);
    BrokerStore store = downWhile(down, memory);
    RecordingBroker provider = new RecordingBroker();
    try (TestServer s = new TestServer(builder(provider).store(store).storeCredentials(B)
        .build())) {
      assertThat(fetch(s, id).status()).isEqualTo(503);
      down.set(false);
      Reply fetched = fetch(s, id);
      assertThat(fetched.status()).isEqualTo(500);
      assertThat(fetched.json().get("description").asText()).doesNotContain("key");
      // nothing is bound, let alone stored, under the wrong key: the provider is not called
      String other = id();
      assertThat(provision(s, other, "plan-sync", "{}", false).status()).isEqualTo(201);
      assertThat(bind(s, other, "b1", "{}").status()).isEqualTo(500);
      assertThat(provider.binds).hasValue(0);
      assertThat(memory.findBinding(other, "b1")).isEmpty();
    }
  }

  @Test
  void aStoreDownAtTheStartIsCheckedWhenItAnswersAndTheRightKeyServes() {
    InMemoryBrokerStore memory = new InMemoryBrokerStore();
    String id = boundUnderA(memory);
    AtomicBoolean down = new AtomicBoolean(true);
    BrokerStore store = downWhile(down, memory);
    try (TestServer s = new TestServer(builder(new RecordingBroker()).store(store)
        .storeCredentials(A).build())) {
      down.set(false);
      assertThat(fetch(s, id).status()).isEqualTo(200);
      assertThat(bind(s, id, "b2", "{}").status()).isEqualTo(201);
    }
  }
}

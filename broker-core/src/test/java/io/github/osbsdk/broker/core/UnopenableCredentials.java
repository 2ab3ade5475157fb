package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.CredentialKeyAtStartTest.A;
import static io.github.osbsdk.broker.core.CredentialKeyAtStartTest.B;
import static io.github.osbsdk.broker.core.CredentialKeyAtStartTest.boundUnderA;
import static io.github.osbsdk.broker.core.CredentialKeyAtStartTest.downWhile;
import static io.github.osbsdk.broker.core.CredentialKeyAtStartTest.fetch;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.CredentialKeyAtStartTest.RecordingBroker;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoredBinding;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A replica that cannot open the stored credentials of binding {@code b1} of instance
 * {@code id}, whichever way that came about: what the tests of such failures share.
 *
 * @param server the replica
 * @param id the instance the binding belongs to
 * @param down set while the replica's store is down; {@link #fetchTenTimes()} clears it
 */
record UnopenableCredentials(TestServer server, String id, AtomicBoolean down)
    implements AutoCloseable {

  /** Key B given to a replica that started while its store, holding key A's, was down. */
  static UnopenableCredentials underAWrongKeyFoundAfterTheStart() {
    InMemoryBrokerStore memory = new InMemoryBrokerStore();
    String id = boundUnderA(memory);
    AtomicBoolean down = new AtomicBoolean(true);
    TestServer s = new TestServer(builder(new RecordingBroker()).store(downWhile(down, memory))
        .storeCredentials(B).build());
    return new UnopenableCredentials(s, id, down);
  }

  /** The right key, but the stored value is damaged. */
  static UnopenableCredentials damaged() {
    InMemoryBrokerStore memory = new InMemoryBrokerStore();
    String id = boundUnderA(memory);
    BrokerStore store = StoreProxy.around(memory, (method, args, target) -> {
      Object answer = target.proceed(args);
      if (method.getName().equals("findBinding") && answer instanceof Optional<?> o
          && o.orElse(null) instanceof StoredBinding b) {
        return Optional.of(new StoredBinding(b.instanceId(), b.bindingId(), b.serviceId(),
            b.planId(), b.fingerprint(), b.parameters(), b.context(), b.bindResource(),
            b.appGuid(), b.details(), "AAAA" + b.credentials().substring(4), b.status(),
            b.createdAt()));
      }
      return answer;
    });
    TestServer s = new TestServer(builder(new RecordingBroker()).store(store)
        .storeCredentials(A).build());
    return new UnopenableCredentials(s, id, new AtomicBoolean());
  }

  /** Ends the store's outage, if any, then fetches the binding ten times: each is a 500. */
  void fetchTenTimes() {
    down.set(false);
    for (int i = 0; i < 10; i++) {
      assertThat(fetch(server, id).status()).isEqualTo(500);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}

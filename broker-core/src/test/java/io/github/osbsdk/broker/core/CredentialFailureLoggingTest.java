package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.CredentialKeyAtStartTest.A;
import static io.github.osbsdk.broker.core.CredentialKeyAtStartTest.B;
import static io.github.osbsdk.broker.core.CredentialKeyAtStartTest.boundUnderA;
import static io.github.osbsdk.broker.core.CredentialKeyAtStartTest.fetch;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.CredentialKeyAtStartTest.RecordingBroker;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What a replica logs at the default level (INFO) when it cannot open stored binding
 * credentials on every fetch (a wrong key found after the start, a damaged value): one ERROR a
 * minute, not one per request; the answers stay 500.
 */
class CredentialFailureLoggingTest {
  private static List<String> lines(StderrCapture log, String text) {
    return log.lines().stream().filter(l -> l.contains(text)).toList();
  }

  @Test
  void aWrongKeyFoundAfterTheStartLogsOneErrorNotOnePerRequest() {
    InMemoryBrokerStore memory = new InMemoryBrokerStore();
    String id = boundUnderA(memory);
    AtomicBoolean down = new AtomicBoolean(true);
    BrokerStore store = StoreProxy.around(memory, (method, args, target) -> {
      if (down.get()) {
        throw new StoreUnavailableException("down", null);
      }
      return target.proceed(args);
    });
    try (TestServer s = new TestServer(builder(new RecordingBroker()).store(store)
        .storeCredentials(B).build()); StderrCapture log = new StderrCapture()) {
      down.set(false);
      for (int i = 0; i < 10; i++) {
        assertThat(fetch(s, id).status()).isEqualTo(500);
      }
      assertThat(lines(log, "does not match the binding credentials")).singleElement()
          .asString().contains("ERROR");
    }
  }

  @Test
  void credentialsThatCannotBeOpenedLogOneErrorNotOnePerRequest() {
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
    try (TestServer s = new TestServer(builder(new RecordingBroker()).store(store)
        .storeCredentials(A).build()); StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 10; i++) {
        assertThat(fetch(s, id).status()).isEqualTo(500);
      }
      assertThat(lines(log, " of instance ")).singleElement().asString()
          .contains("ERROR");
    }
  }
}

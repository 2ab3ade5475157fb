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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Audit: a replica that cannot open stored binding credentials writes one ERROR line in all
 * for ten failing fetches, as 80a74cbd and {@code RequestErrorLog} promise ("one failure never
 * writes two ERROR lines"). The line that says why is limited, but the 500 is thrown as a plain
 * {@code internalError}, not as {@code RequestErrorLog.loggedInternalError}, so {@code Endpoint}
 * logs a second ERROR ("Request ... answered 500") under a kind of its own.
 */
class CredentialFailureErrorLinesTest {
  private static long errorLines(StderrCapture log) {
    return log.lines().stream().filter(l -> l.contains(" ERROR ")).count();
  }

  @Test
  void aWrongKeyFoundAfterTheStartWritesOneErrorLineInAll() {
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
      assertThat(errorLines(log)).as(String.join("\n", log.lines())).isEqualTo(1);
    }
  }

  @Test
  void credentialsThatCannotBeOpenedWriteOneErrorLineInAll() {
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
      assertThat(errorLines(log)).as(String.join("\n", log.lines())).isEqualTo(1);
    }
  }
}

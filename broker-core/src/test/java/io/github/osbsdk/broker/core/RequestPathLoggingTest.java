package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the request path logs at the default level (INFO) when every request fails alike: a
 * client without valid credentials, the store down, the provider saying "not now". One line per
 * kind (a minute), not one per request; the answers stay what they were.
 */
class RequestPathLoggingTest {
  private final TestServiceBroker sb = new TestServiceBroker();
  private final AtomicBoolean down = new AtomicBoolean();
  private final BrokerStore store = StoreProxy.around(new InMemoryBrokerStore(),
      (method, args, target) -> {
        if (down.get()) {
          throw new StoreUnavailableException("down for the test", null);
        }
        return target.proceed(args);
      });
  private final TestServer server = new TestServer(Broker.builder(sb)
      .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
      .store(store).build());

  @AfterEach
  void stop() {
    down.set(false);
    server.close();
  }

  private static List<String> lines(StderrCapture log, String text) {
    return log.lines().stream().filter(l -> l.contains(text)).toList();
  }

  private Reply provision(String parameters) {
    return server.call("PUT", "/v2/service_instances/" + UUID.randomUUID())
        .json(ProvisionTest.body("plan-sync", parameters)).send();
  }

  @Test
  void requestsWithoutValidCredentialsLogOneRefusalNotOnePerRequest() {
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 30; i++) {
        Reply r = server.call("GET", "/v2/catalog").header("Authorization", "Basic bm86bm8=")
            .send();
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
      }
      assertThat(lines(log, "refused: 401")).singleElement().asString().contains("INFO");
    }
  }

  @Test
  void aStoreDownForEveryRequestLogsOneWarningNotOnePerRequest() {
    down.set(true);
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 30; i++) {
        Reply r = provision("{}");
        assertThat(r.status()).as(r.toString()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isNotNull();
      }
      assertThat(lines(log, "the state store is unavailable")).singleElement().asString()
          .contains("WARN").contains("down for the test");
    }
  }

  @Test
  void aProviderUnavailableForEveryRequestLogsOneWarningNotOnePerRequest() {
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 10; i++) {
        Reply r = provision("{\"fail\":\"unavailable\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(503);
      }
      assertThat(lines(log, "the provider is temporarily unavailable")).singleElement()
          .asString().contains("WARN");
    }
  }
}

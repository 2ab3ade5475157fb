package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.core.TestServer.Reply;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;

/**
 * The set-up of the tests whose catalog changes after instances or bindings were made
 * ({@code CatalogChange*Test}), over real HTTP: a provider whose catalog a test replaces, the
 * broker serving it, the catalog change as the platform makes the broker see it (its next
 * {@code GET /v2/catalog}), and the polls of an operation until it ends. Tests that run their own
 * server use its {@link Provider} and {@link #changeCatalog(TestServer, Provider, Catalog)}.
 */
abstract class CatalogChangeFixture {
  /** A test provider whose catalog a test replaces ({@link #changeCatalog}). */
  static class Provider extends TestServiceBroker {
    volatile Catalog catalog;

    Provider(Catalog first) {
      this.catalog = first;
    }

    @Override
    public Catalog catalog() {
      return catalog;
    }
  }

  /** The path of the test's instance, a new id per test. */
  final String instance = "/v2/service_instances/" + id();
  private Provider provider;
  private TestServer server;

  /**
   * Starts the broker of a test, once, before its first call.
   *
   * @param served the provider
   * @param options what the test adds to {@link RegistryTest#builder}
   * @return the server, closed after the test
   */
  final TestServer serve(Provider served, UnaryOperator<Broker.Builder> options) {
    assertThat(server).as("one broker per test").isNull();
    this.provider = served;
    this.server = new TestServer(options.apply(RegistryTest.builder(served)).build());
    return server;
  }

  @AfterEach
  final void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * Replaces the provider's catalog and has the broker read it, as the platform's next
   * {@code GET /v2/catalog} does.
   *
   * @param changed the catalog from now on
   */
  final void changeCatalog(Catalog changed) {
    changeCatalog(server, provider, changed);
  }

  /**
   * Replaces a provider's catalog and has the broker serving it read it, for a test that runs
   * its own server.
   *
   * @param server the server
   * @param provider its provider
   * @param changed the catalog from now on
   */
  static void changeCatalog(TestServer server, Provider provider, Catalog changed) {
    provider.catalog = changed;
    Reply catalog = server.call("GET", "/v2/catalog").send();
    assertThat(catalog.status()).as(catalog.toString()).isEqualTo(200);
  }

  /**
   * Polls an operation until it is no longer in progress (30 s at most).
   *
   * @param target the instance's or binding's path
   * @param operation the operation
   * @return the last answer
   */
  final Reply lastOperation(String target, String operation) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    Reply r;
    do {
      r = server.call("GET", target + "/last_operation?operation=" + operation).send();
    } while (r.status() == 200 && r.json().get("state").asText().equals("in progress")
        && System.nanoTime() < deadline);
    return r;
  }
}

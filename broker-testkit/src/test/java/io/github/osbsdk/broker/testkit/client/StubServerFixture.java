package io.github.osbsdk.broker.testkit.client;

import io.github.osbsdk.broker.testkit.support.StubServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The set-up the client's tests share: a fresh {@link StubServer} for each test, stopped after
 * it, and a client without credentials pointed at it.
 */
abstract class StubServerFixture {
  /** The stub the client under test talks to; what it saw is in {@link StubServer#last()}. */
  protected StubServer stub;

  @BeforeEach
  void startStub() throws Exception {
    stub = new StubServer();
  }

  @AfterEach
  void stopStub() {
    stub.close();
  }

  /**
   * A client of the stub with the default settings.
   *
   * @return the client
   */
  protected OsbClient client() {
    return OsbClient.builder(stub.url()).build();
  }
}

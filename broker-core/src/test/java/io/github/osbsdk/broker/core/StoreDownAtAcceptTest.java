package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store goes down between the claim of an asynchronous provision and its acceptance: the
 * platform gets 503, and once the store is back a retry must not find the claim in its way.
 */
class StoreDownAtAcceptTest {
  private final TestServiceBroker sb = new TestServiceBroker();
  private final AtomicBoolean failNextAccept = new AtomicBoolean();
  private final InMemoryBrokerStore memory = new InMemoryBrokerStore();
  private final BrokerStore store = StoreProxy.around(memory, (method, args, target) -> {
    if (method.getName().equals("acceptOperation") && failNextAccept.getAndSet(false)) {
      throw new StoreUnavailableException("down for the test", null);
    }
    return target.proceed(args);
  });
  private final TestServer server = new TestServer(Broker.builder(sb)
      .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
      .store(store).lease(Duration.ofSeconds(1)).retryAfter(Duration.ofSeconds(1)).build());

  @AfterEach
  void stop() {
    sb.releaseAsyncTasks();
    server.close();
  }

  @Test
  void aRetryAfterTheStoreCameBackIsNotBlockedByTheClaimOfTheFailedAcceptance() {
    String id = UUID.randomUUID().toString();
    String path = "/v2/service_instances/" + id + "?accepts_incomplete=true";
    String body = ProvisionTest.body("plan-async", "{}");
    failNextAccept.set(true);
    Reply down = server.call("PUT", path).json(body).send();
    assertThat(down.status()).as(down.toString()).isEqualTo(503);
    // the claim's lease runs out and a maintenance round, with the store back, ends it
    Await.until(() -> memory.runningOperation(id).isEmpty(),
        "the claim of the failed acceptance ended");
    Reply retry = server.call("PUT", path).json(body).send();
    assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
  }
}

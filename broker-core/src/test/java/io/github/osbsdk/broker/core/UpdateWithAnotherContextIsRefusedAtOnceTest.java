package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A different synchronous update (another context: a rename) running on the instance is no
 * repeat of the request in its way (an update's fingerprint covers its context): the second is
 * refused at once with 422 ConcurrencyError, never made to wait and then run.
 */
class UpdateWithAnotherContextIsRefusedAtOnceTest {

  @Test
  void syncUpdateWithAnotherContextWhileAnotherRunsIsRefusedWithoutWaitingForIt()
      throws Exception {
    CountDownLatch called = new CountDownLatch(1);
    CountDownLatch mayEnd = new CountDownLatch(1);
    TestServiceBroker slow = new TestServiceBroker() {
      @Override
      public UpdateResult update(UpdateRequest request) {
        if (called.getCount() == 0) {
          return super.update(request); // only the first update is slow
        }
        called.countDown();
        try {
          mayEnd.await(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.update(request);
      }
    };
    ExecutorService platform = Executors.newSingleThreadExecutor();
    try (TestServer s = new TestServer(builder(slow).repeatWait(Duration.ofSeconds(30))
        .build())) {
      String id = id();
      assertThat(provision(s, id, "plan-sync", "{}", false).status()).isEqualTo(201);
      Future<Reply> first = platform.submit(() -> s.call("PATCH", "/v2/service_instances/" + id)
          .json("{\"service_id\":\"svc-1\",\"context\":{\"platform\":\"cloudfoundry\","
              + "\"instance_name\":\"one\"}}").send());
      assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();

      long t0 = System.nanoTime();
      Reply second = s.call("PATCH", "/v2/service_instances/" + id)
          .json("{\"service_id\":\"svc-1\",\"context\":{\"platform\":\"cloudfoundry\","
              + "\"instance_name\":\"two\"}}").send();
      long waitedMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(second.status()).as(second + " after " + waitedMs + " ms").isEqualTo(422);
      assertThat(first).isNotDone();
    } finally {
      mayEnd.countDown();
      platform.shutdownNow();
    }
  }
}

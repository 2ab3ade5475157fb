package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Replica A cannot reach the store for longer than a lease while its step runs, so replica B
 * takes the operation over and finishes it. When A reaches the store again, the work still
 * running on A is interrupted (it is another replica's now), and what A's work ends with is not
 * recorded.
 */
class LeaseLostTest {
  private static final Duration LEASE = Duration.ofSeconds(1);

  private final InMemoryBrokerStore shared = new InMemoryBrokerStore();
  private final AtomicBoolean aCutOff = new AtomicBoolean();
  /** Replica A's view of the shared store: unavailable while {@link #aCutOff} is set. */
  private final BrokerStore storeA = StoreProxy.around(shared, (method, args, target) -> {
    if (aCutOff.get()) {
      throw new StoreUnavailableException("cut off for the test", null);
    }
    return target.proceed(args);
  });
  private final TestServiceBroker provider = new TestServiceBroker() {
    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      return ProvisionResult.accepted(AsyncWork.step("create", Map.of()));
    }
  };
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final CountDownLatch aStarted = new CountDownLatch(1);
  private final CountDownLatch aEnded = new CountDownLatch(1);
  /**
   * Counted down when the task that ran A's step has returned, and with it whatever A does with
   * the step's outcome.
   */
  private final CountDownLatch aTaskReturned = new CountDownLatch(1);
  /** Replica A's executor, one thread: the first task to return after A's step ended ran it. */
  private final ExecutorService executorA = new ThreadPoolExecutor(1, 1, 0,
      TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>()) {
    @Override
    protected void afterExecute(Runnable r, Throwable t) {
      if (aEnded.getCount() == 0) {
        aTaskReturned.countDown();
      }
    }
  };

  private Broker.Builder replica(BrokerStore store) {
    return Broker.builder(provider).authenticator(BasicAuthenticator.of(TestServer.USER,
        TestServer.PASSWORD)).retryAfter(Duration.ofSeconds(1)).store(store).lease(LEASE);
  }

  @Test
  void workWhoseOperationAnotherReplicaTookOverIsInterruptedAndItsOutcomeIgnored()
      throws Exception {
    Broker a = replica(storeA).executor(executorA).step("create", ctx -> {
      events.add("a" + ctx.attempt() + " started");
      aStarted.countDown();
      try {
        Thread.sleep(60_000);
        events.add("a" + ctx.attempt() + " slept on");
      } catch (InterruptedException e) {
        events.add("a" + ctx.attempt() + " interrupted");
        throw e;
      } finally {
        aEnded.countDown();
      }
    }).build();
    Broker b = replica(shared).step("create", ctx -> events.add("b" + ctx.attempt())).build();
    try (TestServer sa = new TestServer(a); TestServer sb = new TestServer(b)) {
      String id = UUID.randomUUID().toString();
      Reply accepted = sa.call("PUT", "/v2/service_instances/" + id + "?accepts_incomplete=true")
          .json(ProvisionTest.body("plan-async", "{}")).send();
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      String op = accepted.json().get("operation").asText();
      assertThat(aStarted.await(30, TimeUnit.SECONDS)).isTrue();

      aCutOff.set(true);
      StoredOperation finished = awaitFinished(id, op, Duration.ofSeconds(30));
      assertThat(finished.attempt()).isEqualTo(2);
      assertThat(events).containsExactly("a1 started", "b2");
      assertThat(aEnded.getCount()).as("A's work still runs while A is cut off").isEqualTo(1);

      aCutOff.set(false);
      assertThat(aEnded.await(30, TimeUnit.SECONDS)).as("A's work interrupted").isTrue();
      assertThat(events).containsExactly("a1 started", "b2", "a1 interrupted");
      assertThat(aTaskReturned.await(30, TimeUnit.SECONDS))
          .as("A's task returned: it recorded an outcome, if it were to").isTrue();
      Reply poll = sb.call("GET", "/v2/service_instances/" + id + "/last_operation?operation="
          + op).send();
      assertThat(poll.json().path("state").asText()).as(poll.toString()).isEqualTo("succeeded");
    } finally {
      executorA.shutdownNow();
    }
  }

  private StoredOperation awaitFinished(String id, String op, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      StoredOperation o = shared.findOperation(id, null, op).orElseThrow();
      if (!o.inProgress()) {
        return o;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("operation " + op + " still in progress after " + within);
  }
}

package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.poll;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What the registry answers to identical requests at once and when the executor is full. */
class ConcurrentRequestsTest {
  @Test
  void fiftyConcurrentIdenticalAsyncProvisionsAllGetTheOneOperation() throws Exception {
    TestServiceBroker sb = new TestServiceBroker();
    sb.holdAsyncTasks();
    try (TestServer s = new TestServer(builder(sb).build())) {
      String id = id();
      ExecutorService pool = Executors.newFixedThreadPool(10);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          Callable<Reply> call = () -> {
            go.await();
            return provision(s, id, "plan-async", "{}", true);
          };
          replies.add(pool.submit(call));
        }
        go.countDown();
        Set<String> operations = new HashSet<>();
        for (Future<Reply> f : replies) {
          Reply r = f.get(30, TimeUnit.SECONDS);
          assertThat(r.status()).as(r.body()).isEqualTo(202);
          operations.add(r.json().get("operation").asText());
        }
        assertThat(operations).hasSize(1);
        assertThat(sb.provisionCalls.get()).isEqualTo(1);
        sb.releaseAsyncTasks();
        assertThat(poll(s, id, operations.iterator().next()).json().get("state").asText())
            .isEqualTo("succeeded");
        assertThat(provision(s, id, "plan-async", "{}", true).status()).isEqualTo(200);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void concurrentIdenticalSyncProvisionsCallTheProviderOnce() throws Exception {
    TestServiceBroker sb = new TestServiceBroker();
    try (TestServer s = new TestServer(builder(sb).build())) {
      String id = id();
      ExecutorService pool = Executors.newFixedThreadPool(10);
      try {
        List<Future<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
          replies.add(pool.submit(() -> provision(s, id, "plan-sync", "{}", false)));
        }
        int created = 0;
        for (Future<Reply> f : replies) {
          Reply r = f.get(30, TimeUnit.SECONDS);
          assertThat(r.status()).isIn(200, 201);
          created += r.status() == 201 ? 1 : 0;
        }
        assertThat(created).isEqualTo(1);
        assertThat(sb.provisionCalls.get()).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void busyExecutorLeavesNothingThatBlocksARetry() {
    TestServiceBroker sb = new TestServiceBroker();
    AtomicBoolean refuse = new AtomicBoolean(true);
    ExecutorService real = Executors.newCachedThreadPool();
    ExecutorService picky = new java.util.concurrent.AbstractExecutorService() {
      @Override
      public void execute(Runnable command) {
        if (refuse.getAndSet(false)) {
          throw new RejectedExecutionException("full");
        }
        real.execute(command);
      }

      @Override
      public void shutdown() {
        real.shutdown();
      }

      @Override
      public List<Runnable> shutdownNow() {
        return real.shutdownNow();
      }

      @Override
      public boolean isShutdown() {
        return real.isShutdown();
      }

      @Override
      public boolean isTerminated() {
        return real.isTerminated();
      }

      @Override
      public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return real.awaitTermination(timeout, unit);
      }
    };
    try (TestServer s = new TestServer(builder(sb).executor(picky).build())) {
      String id = id();
      Reply busy = provision(s, id, "plan-async", "{}", true);
      assertThat(busy.status()).isEqualTo(503);
      assertThat(busy.json().get("description").asText()).contains("busy");
      Reply retry = provision(s, id, "plan-async", "{}", true);
      assertThat(retry.status()).isEqualTo(202);
      assertThat(poll(s, id, retry.json().get("operation").asText()).json().get("state")
          .asText()).isEqualTo("succeeded");
    } finally {
      real.shutdownNow();
    }
  }
}

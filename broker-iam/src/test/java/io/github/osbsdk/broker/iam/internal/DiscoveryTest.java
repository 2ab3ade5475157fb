package io.github.osbsdk.broker.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.osbsdk.broker.iam.IamConfig;
import io.github.osbsdk.broker.iam.IamException;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
  private IamSimulator iam;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private Discovery discovery;

  @BeforeEach
  void start() {
    iam = IamSimulator.start();
    discovery = onTestClock(Duration.ofSeconds(5)); // far above a loaded machine's delays
  }

  /** A discovery on the test's clock ({@link #now}) whose requests time out after a wait. */
  private Discovery onTestClock(Duration requestTimeout) {
    IamConfig config = IamConfig.builder().iamUrl(iam.baseUrl())
        .requestTimeout(requestTimeout).build();
    return new Discovery(config, () -> TimeUnit.MILLISECONDS.toNanos(now.toEpochMilli()));
  }

  @AfterEach
  void stop() {
    iam.close();
  }

  @Test
  void documentIsCachedForAnHour() {
    Discovery.Endpoints first = discovery.endpoints();
    now = now.plusNanos(Discovery.TTL_NANOS).minusMillis(1);
    assertThat(discovery.endpoints()).isEqualTo(first);
    assertThat(iam.requestCount(IamEndpoint.DISCOVERY)).isEqualTo(1);
    now = now.plusMillis(1);
    discovery.endpoints();
    assertThat(iam.requestCount(IamEndpoint.DISCOVERY)).isEqualTo(2);
  }

  @Test
  void failedRefreshServesTheLastDocumentAndAsksAgainOnlyAMinuteLater() {
    Discovery.Endpoints first = discovery.endpoints();
    iam.faults().failWith(IamEndpoint.DISCOVERY, 503);
    now = now.plusNanos(Discovery.TTL_NANOS);
    for (int i = 0; i < 5; i++) {
      assertThat(discovery.endpoints()).isEqualTo(first);
    }
    // before: every call during the outage asked IAM (and waited for its timeout)
    assertThat(iam.requestCount(IamEndpoint.DISCOVERY)).isEqualTo(2);
    now = now.plusNanos(Discovery.RETRY_NANOS);
    iam.faults().reset();
    assertThat(discovery.endpoints()).isEqualTo(first);
    assertThat(iam.requestCount(IamEndpoint.DISCOVERY)).isEqualTo(3);
  }

  @Test
  void neverFetchedAndIamDownIsAnError() {
    iam.faults().down(IamEndpoint.DISCOVERY);
    assertThatThrownBy(discovery::endpoints).isInstanceOf(IamException.class);
  }

  @Test
  void expiredDocumentIsRefreshedOnceWhileConcurrentCallersGetTheLastOne() throws Exception {
    discovery = onTestClock(Duration.ofSeconds(20));
    Discovery.Endpoints first = discovery.endpoints();
    // the refresh takes 6 s: a caller back within 4 s did not wait for it (before: 3 s and
    // 1.5 s, little room for eight threads on a loaded machine; a caller that does not wait
    // takes milliseconds, one that waits at least the 6 s)
    iam.faults().delay(IamEndpoint.DISCOVERY, Duration.ofSeconds(6));
    now = now.plusNanos(Discovery.TTL_NANOS);
    List<Long> waits = concurrently(8, () -> {
      long start = System.nanoTime();
      assertThat(discovery.endpoints()).isEqualTo(first);
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    });
    // before: every caller that found the document expired asked IAM and waited for it
    assertThat(iam.requestCount(IamEndpoint.DISCOVERY)).isEqualTo(2);
    assertThat(waits.stream().filter(w -> w < 4_000).count()).isEqualTo(7);
  }

  @Test
  void concurrentFirstCallersShareOneFetch() throws Exception {
    discovery = new Discovery(IamConfig.builder().iamUrl(iam.baseUrl())
        .requestTimeout(Duration.ofSeconds(5)).build(), System::nanoTime);
    iam.faults().delay(IamEndpoint.DISCOVERY, Duration.ofMillis(200));
    List<Discovery.Endpoints> results = concurrently(8, discovery::endpoints);
    assertThat(results).allSatisfy(e -> assertThat(e.tokenEndpoint()).isNotNull());
    assertThat(iam.requestCount(IamEndpoint.DISCOVERY)).isEqualTo(1);
  }

  @Test
  void concurrentFirstCallersShareOneFailedFetch() throws Exception {
    discovery = new Discovery(IamConfig.builder().iamUrl(iam.baseUrl())
        .requestTimeout(Duration.ofSeconds(5)).build(), System::nanoTime);
    iam.faults().failWith(IamEndpoint.DISCOVERY, 503)
        .delay(IamEndpoint.DISCOVERY, Duration.ofMillis(200));
    List<Throwable> results = concurrently(8, () -> catchThrowable(discovery::endpoints));
    assertThat(results).allSatisfy(e -> assertThat(e).isInstanceOf(IamException.class));
    assertThat(iam.requestCount(IamEndpoint.DISCOVERY)).isEqualTo(1);
  }

  /** Runs a task on several threads released together; returns each result. */
  private static <T> List<T> concurrently(int threads, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          return task.call();
        }));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(10, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}

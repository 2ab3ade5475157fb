package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The metrics listener's limit per request ({@code METRICS_PORT}; {@link
 * MetricsEndpoints#REQUEST_TIMEOUT}, 10 s, here 1 s), over real HTTP: a scrape stuck in a meter
 * has its worker interrupted at the limit, so scrapes stuck in every worker of the listener do
 * not keep it from serving the requests that come next.
 */
class MetricsListenerRequestLimitTest {
  private static final Duration LIMIT = Duration.ofSeconds(1);
  /** How long a stuck meter waits by itself: far past the limit. */
  private static final long STUCK_SECONDS = 60;
  /** How long the next request may wait for a worker the limit freed: well below that. */
  private static final long NEXT_SECONDS = 20;
  /** No client timeout: what ends a request here is the server. */
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private static CompletableFuture<HttpResponse<String>> get(URI uri) {
    return CLIENT.sendAsync(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void scrapesStuckInAMeterAreCutAtTheLimitAndTheListenerServesTheNextRequests()
      throws Exception {
    HelloMetrics metrics = HelloMetrics.fromEnvironment(Map.of("BROKER_METRICS", "true",
        "METRICS_PORT", "0"));
    AtomicBoolean stuck = new AtomicBoolean(true);
    CountDownLatch entered = new CountDownLatch(MetricsEndpoints.WORKER_THREADS);
    CountDownLatch unstick = new CountDownLatch(1);
    AtomicInteger interrupted = new AtomicInteger();
    Gauge.builder("test_stuck", () -> {
      if (stuck.get()) {
        entered.countDown();
        try {
          unstick.await(STUCK_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          interrupted.incrementAndGet();
          Thread.currentThread().interrupt();
        }
      }
      return 1;
    }).register((MeterRegistry) metrics.registry());
    MetricsEndpoints endpoints = MetricsEndpoints.mount(metrics, null,
        HelloConfig.local("platform", "s3cret", Duration.ZERO), () -> null, LIMIT);
    try {
      URI scrapeUri = URI.create(endpoints.baseUri() + MetricsEndpoints.METRICS_PATH);
      long start = System.nanoTime();
      List<CompletableFuture<HttpResponse<String>>> scrapes = new ArrayList<>();
      for (int i = 0; i < MetricsEndpoints.WORKER_THREADS; i++) {
        scrapes.add(get(scrapeUri));
      }
      assertThat(entered.await(STUCK_SECONDS, TimeUnit.SECONDS))
          .as("every worker of the metrics listener is in a stuck scrape").isTrue();

      HttpResponse<String> health = get(URI.create(endpoints.baseUri()
          + MetricsEndpoints.HEALTH_PATH)).get(NEXT_SECONDS, TimeUnit.SECONDS);
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("served by a worker the limit freed, not by a spare one").isGreaterThan(LIMIT);
      for (CompletableFuture<HttpResponse<String>> s : scrapes) {
        // answered or cut: without a client timeout only the server ends it
        try {
          s.get(NEXT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException cut) {
          assertThat(cut).hasCauseInstanceOf(IOException.class);
        }
      }
      assertThat(interrupted).as("every stuck worker was interrupted")
          .hasValue(MetricsEndpoints.WORKER_THREADS);

      stuck.set(false);
      HttpResponse<String> next = get(scrapeUri).get(NEXT_SECONDS, TimeUnit.SECONDS);
      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(next.body()).contains("test_stuck");
    } finally {
      unstick.countDown();
      endpoints.close();
    }
  }

  @Test
  void theLimitIsWholeSecondsFromOne() {
    HelloMetrics metrics = HelloMetrics.off();
    HelloConfig config = HelloConfig.local("platform", "s3cret", Duration.ZERO);
    for (Duration wrong : List.of(Duration.ZERO, Duration.ofMillis(1500),
        Duration.ofSeconds(-1))) {
      assertThatThrownBy(() -> MetricsEndpoints.mount(metrics, null, config, () -> null, wrong))
          .as(wrong.toString()).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("requestTimeout must be whole seconds from 1");
    }
  }
}

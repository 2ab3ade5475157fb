package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
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
import org.junit.jupiter.api.Test;

/**
 * {@code METRICS_PORT}: the metrics listener has a few worker threads of its own, so it answers
 * while OSB calls fill the broker's pool and stuck scrapes never take an OSB call's thread; it
 * has the broker listener's hardening; and a stuck scrape does not hold the shutdown up.
 */
class MetricsPortListenerTest {
  /** No client timeout: what ends a request here is the server. */
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static final String AUTHORIZATION = OsbHttp.basic("platform", "s3cret");
  private static final long WAIT_SECONDS = 60;

  private static HelloServer start(HelloState state, HelloMetrics metrics) {
    return HelloServer.start(HelloConfig.local("platform", "s3cret", Duration.ofMillis(100)),
        metrics, state);
  }

  private static HelloMetrics metricsOnTheirOwnPort() {
    return HelloMetrics.fromEnvironment(Map.of("BROKER_METRICS", "true", "METRICS_PORT", "0"));
  }

  private static CompletableFuture<HttpResponse<String>> send(URI uri, String method,
      String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("X-Broker-API-Version", "2.17")
        .header("Authorization", AUTHORIZATION);
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json));
    return CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return send(uri, "GET", null).get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** The sample's in-memory store, whose {@code create} (every provision) waits for a latch. */
  private static KeyValueStore provisionsWaitFor(CountDownLatch release, CountDownLatch entered) {
    KeyValueStore real = new InMemoryKeyValueStore();
    return (KeyValueStore) Proxy.newProxyInstance(KeyValueStore.class.getClassLoader(),
        new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("create")) {
            entered.countDown();
            release.await(WAIT_SECONDS, TimeUnit.SECONDS);
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void metricsAndHealthAnswerWhileProvisionsHoldEveryWorkerOfTheBrokerListener()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(HelloServer.WORKER_THREADS);
    HelloMetrics metrics = metricsOnTheirOwnPort();
    try (HelloServer server = start(HelloState.inMemory(provisionsWaitFor(release, entered)),
        metrics)) {
      List<CompletableFuture<HttpResponse<String>>> provisions = new ArrayList<>();
      for (int i = 0; i < HelloServer.WORKER_THREADS; i++) {
        provisions.add(send(URI.create(server.baseUri() + "/v2/service_instances/"
            + OsbHttp.enc(OsbHttp.crn("held"))), "PUT",
            OsbHttp.provisionBody(HelloCatalog.SYNC_PLAN_ID, "{}")));
      }
      try {
        assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS))
            .as("every worker of the broker listener is in a provision").isTrue();
        CompletableFuture<HttpResponse<String>> catalog =
            send(URI.create(server.baseUri() + "/v2/catalog"), "GET", null);

        URI base = server.metricsEndpoints().baseUri();
        HttpResponse<String> scrape = get(URI.create(base + MetricsEndpoints.METRICS_PATH));
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("# TYPE");
        assertThat(get(URI.create(base + MetricsEndpoints.HEALTH_PATH)).statusCode())
            .isEqualTo(200);
        assertThat(catalog).as("the broker listener has no free worker").isNotDone();

        release.countDown();
        assertThat(catalog.get(WAIT_SECONDS, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        for (CompletableFuture<HttpResponse<String>> p : provisions) {
          assertThat(p.get(WAIT_SECONDS, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        }
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void stuckScrapesTakeNoOsbThreadAndDoNotHoldTheShutdownUp() throws Exception {
    CountDownLatch unstick = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(MetricsEndpoints.WORKER_THREADS);
    HelloMetrics metrics = metricsOnTheirOwnPort();
    Gauge.builder("test_stuck", () -> {
      entered.countDown();
      try {
        unstick.await(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 1;
    }).register((MeterRegistry) metrics.registry());
    HelloServer server = start(HelloState.inMemory(new InMemoryKeyValueStore()), metrics);
    boolean closed = false;
    try {
      URI base = server.metricsEndpoints().baseUri();
      List<CompletableFuture<HttpResponse<String>>> scrapes = new ArrayList<>();
      for (int i = 0; i < MetricsEndpoints.WORKER_THREADS; i++) {
        scrapes.add(send(URI.create(base + MetricsEndpoints.METRICS_PATH), "GET", null));
      }
      assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS))
          .as("every worker of the metrics listener is in a scrape").isTrue();
      CompletableFuture<HttpResponse<String>> health =
          send(URI.create(base + MetricsEndpoints.HEALTH_PATH), "GET", null);

      assertThat(get(URI.create(server.baseUri() + "/v2/catalog")).statusCode()).isEqualTo(200);
      assertThat(health).as("the metrics listener has just its own few workers").isNotDone();

      long start = System.nanoTime();
      closed = true;
      server.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("a stuck scrape holds the shutdown up at most its grace")
          .isLessThan(HelloServer.SHUTDOWN_GRACE);
      for (CompletableFuture<HttpResponse<String>> s : scrapes) {
        // answered or cut by the shutdown: without a client timeout nothing else ends it
        try {
          s.get(WAIT_SECONDS / 2, TimeUnit.SECONDS);
        } catch (ExecutionException cut) {
          assertThat(cut).hasCauseInstanceOf(IOException.class);
        }
      }
      assertThatThrownBy(() -> get(URI.create(base + MetricsEndpoints.HEALTH_PATH)))
          .hasCauseInstanceOf(ConnectException.class);
    } finally {
      unstick.countDown();
      if (!closed) {
        server.close();
      }
    }
  }

  @Test
  void theMetricsListenerAnswersAnOversizedHeaderSectionWith431AndJson() throws Exception {
    try (HelloServer server = start(HelloState.inMemory(new InMemoryKeyValueStore()),
        metricsOnTheirOwnPort())) {
      HttpRequest big = HttpRequest.newBuilder(URI.create(server.metricsEndpoints().baseUri()
          + MetricsEndpoints.METRICS_PATH)).header("X-Big", "x".repeat(
          HttpLimits.MAX_HEADER_FIELDS + 1)).build();
      HttpResponse<String> r = CLIENT.send(big, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(431);
      assertThat(r.body()).contains("\"description\"").doesNotContain("\"error\"");
    } catch (IOException e) {
      throw new AssertionError("the listener cut the connection instead of answering", e);
    }
  }
}

package io.github.osbsdk.broker.store.jdbc.replicas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.BrokerStoreOfBroker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Function;
import javax.sql.DataSource;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * One replica of a broker: an SDK {@link Broker} on its own PostgreSQL store and pool, served by
 * Jersey on Grizzly at 127.0.0.1 on a port of its own, plus an HTTP client for it.
 */
final class ReplicaServer implements AutoCloseable {
  static final String USER = "platform";
  static final String PASSWORD = "s3cret";
  static final Duration LEASE = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static final String AUTHORIZATION = "Basic " + Base64.getEncoder()
      .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

  final Broker broker;
  private final HttpServer server;
  private final HikariDataSource ownPool;
  final URI base;

  private ReplicaServer(Broker broker, HikariDataSource ownPool) {
    this.broker = broker;
    this.ownPool = ownPool;
    this.server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
        ResourceConfig.forApplication(broker.application()), false);
    try {
      server.start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    this.base = URI.create("http://127.0.0.1:" + server.getListener("grizzly").getPort());
  }

  /** Builds the broker and serves it on a port of its own. */
  static ReplicaServer start(Broker.Builder builder) {
    return new ReplicaServer(builder.build(), null);
  }

  /**
   * A replica with a HikariCP pool of its own (4 connections, 5 s timeout) on the test database,
   * closed with it.
   *
   * @param name the pool's name
   * @param builder makes the replica's broker on its pool, e.g. {@code pool -> replica(p, pool)}
   */
  static ReplicaServer onTestDatabase(String name, Function<DataSource, Broker.Builder> builder) {
    return onOwnPool(TestDatabase.server().getJdbcUrl("postgres", "postgres"), name, 4, 5_000,
        builder);
  }

  /** A replica with a pool of its own on {@code jdbcUrl} (see {@link #pool}), closed with it. */
  static ReplicaServer onOwnPool(String jdbcUrl, String name, int size, long timeoutMillis,
      Function<DataSource, Broker.Builder> builder) {
    HikariDataSource pool = pool(jdbcUrl, name, size, timeoutMillis);
    try {
      return new ReplicaServer(builder.apply(pool).build(), pool);
    } catch (RuntimeException | Error e) {
      pool.close();
      throw e;
    }
  }

  /** The pool this replica owns, or null when the caller handed the store its own. */
  HikariDataSource pool() {
    return ownPool;
  }

  /** The store this replica's broker keeps its registry in. */
  BrokerStore store() {
    return BrokerStoreOfBroker.of(broker);
  }

  /** The usual builder of a replica: basic auth, a 2 s lease, its own store on {@code pool}. */
  static Broker.Builder replica(ServiceBroker provider, DataSource pool) {
    return Broker.builder(provider).authenticator(BasicAuthenticator.of(USER, PASSWORD))
        .store(PostgresBrokerStore.builder(pool).build()).lease(LEASE)
        .retryAfter(Duration.ofSeconds(1));
  }

  /** A replica's own HikariCP pool. */
  static HikariDataSource pool(String jdbcUrl, String name, int size, long timeoutMillis) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername("postgres");
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(timeoutMillis);
    config.setValidationTimeout(Math.min(1_000, timeoutMillis));
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  /**
   * Stops serving, then stops the broker (its running tasks are interrupted), then closes its
   * store (which the broker leaves open: a PostgreSQL store's listener holds a connection), then
   * the pool it owns.
   */
  @Override
  public void close() {
    server.shutdownNow();
    broker.close();
    try {
      if (store() instanceof AutoCloseable store) {
        store.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("closing the replica's store", e);
    } finally {
      if (ownPool != null) {
        ownPool.close();
      }
    }
  }

  Reply provision(String id, String plan, boolean async) {
    return send("PUT", "/v2/service_instances/" + id + (async ? "?accepts_incomplete=true" : ""),
        "{\"service_id\":\"" + CountingProvider.SERVICE + "\",\"plan_id\":\"" + plan
            + "\",\"context\":{\"platform\":\"ibmcloud\"},\"parameters\":{\"size\":3}}");
  }

  Reply bind(String id, String bindingId) {
    return send("PUT", "/v2/service_instances/" + id + "/service_bindings/" + bindingId,
        "{\"service_id\":\"" + CountingProvider.SERVICE + "\",\"plan_id\":\"sync\"}");
  }

  Reply lastOperation(String id, String operation) {
    return send("GET", "/v2/service_instances/" + id + "/last_operation"
        + (operation == null ? "" : "?operation=" + operation), null);
  }

  /** Polls {@code last_operation} until it is no longer in progress or the time is up. */
  Reply awaitFinished(String id, String operation, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    Reply r;
    do {
      r = lastOperation(id, operation);
      if (r.status() != 200 || !"in progress".equals(r.json().path("state").asText())) {
        return r;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    return r;
  }

  Reply send(String method, String path, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("X-Broker-API-Version", "2.17").header("Authorization", AUTHORIZATION)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    long start = System.nanoTime();
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r, Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An answer and how long it took. */
  record Reply(HttpResponse<String> response, Duration took) {
    int status() {
      return response.statusCode();
    }

    String body() {
      return response.body();
    }

    JsonNode json() {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + response.body(), e);
      }
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status() + " " + response.headers().map() + " " + body();
    }
  }
}

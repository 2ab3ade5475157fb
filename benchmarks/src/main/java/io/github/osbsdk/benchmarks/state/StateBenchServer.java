package io.github.osbsdk.benchmarks.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.store.jdbc.Migrations;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import java.io.IOException;
import java.net.URI;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The state benchmark's broker: an SDK {@link Broker} (basic auth on) with {@link BenchProvider},
 * served by Jersey on Grizzly, its registry chosen by {@code BROKER_STORE}.
 *
 * <p>Environment: {@code BROKER_STORE} ({@code memory}, the default, or a JDBC URL of a
 * PostgreSQL database, whose migrations are applied at start), {@code BROKER_DATABASE_USER},
 * {@code BROKER_DATABASE_PASSWORD}, {@code BROKER_DATABASE_POOL} (default 10),
 * {@code BROKER_DATABASE_BATCH} and {@code BROKER_DATABASE_IN_FLIGHT} (the store's
 * {@code writeBatching}; default 1 and 4, every claim and finish alone, as the store's
 * default), {@code HOST} (default 127.0.0.1), {@code PORT} (default 18280),
 * {@code BROKER_USERNAME} and {@code BROKER_PASSWORD} (required),
 * {@code WORKER_THREADS} (Grizzly's worker threads; default Grizzly's own).
 */
public final class StateBenchServer {
  private StateBenchServer() {}

  /**
   * Starts the server and serves until the process is stopped.
   *
   * @param args ignored
   * @throws IOException when the server cannot start
   * @throws InterruptedException when interrupted while serving
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    String host = env("HOST", "127.0.0.1");
    int port = Integer.parseInt(env("PORT", "18280"));
    String storeSetting = env("BROKER_STORE", "memory");
    BrokerStore store;
    HikariDataSource dataSource = null;
    if (storeSetting.equals("memory")) {
      store = new InMemoryBrokerStore();
    } else {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(storeSetting);
      config.setUsername(env("BROKER_DATABASE_USER", "postgres"));
      config.setPassword(env("BROKER_DATABASE_PASSWORD", ""));
      config.setMaximumPoolSize(Integer.parseInt(env("BROKER_DATABASE_POOL", "10")));
      config.setConnectionTimeout(5_000);
      config.setPoolName("bench");
      dataSource = new HikariDataSource(config);
      Migrations.apply(dataSource);
      store = PostgresBrokerStore.builder(dataSource)
          .writeBatching(Integer.parseInt(env("BROKER_DATABASE_BATCH", "1")),
              Integer.parseInt(env("BROKER_DATABASE_IN_FLIGHT", "4"))).build();
    }
    Broker broker = Broker.builder(new BenchProvider("http://" + host + ":" + port))
        .authenticator(BasicAuthenticator.of(required("BROKER_USERNAME"),
            required("BROKER_PASSWORD")))
        .store(store).build();
    HttpServer server = GrizzlyHttpServerFactory.createHttpServer(
        URI.create("http://" + host + ":" + port + "/"),
        ResourceConfig.forApplication(broker.application()), false);
    HikariDataSource closePool = dataSource;
    BrokerStore closeStore = store;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      broker.close();
      if (closeStore instanceof PostgresBrokerStore postgres) {
        postgres.close();
      }
      if (closePool != null) {
        closePool.close();
      }
    }));
    String workers = System.getenv("WORKER_THREADS");
    ThreadPoolConfig pool = server.getListener("grizzly").getTransport()
        .getWorkerThreadPoolConfig();
    if (workers != null && !workers.isEmpty()) {
      pool.setCorePoolSize(Integer.parseInt(workers)).setMaxPoolSize(Integer.parseInt(workers));
    }
    server.start();
    System.out.println("state bench broker on http://" + host + ":" + port + " with store "
        + (closePool == null ? "memory" : "postgresql, write batches up to "
        + env("BROKER_DATABASE_BATCH", "1")) + ", " + pool.getMaxPoolSize()
        + " worker threads");
    Thread.currentThread().join();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(name + " is required");
    }
    return value;
  }
}

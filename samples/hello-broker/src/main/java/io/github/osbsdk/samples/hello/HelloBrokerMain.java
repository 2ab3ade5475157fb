package io.github.osbsdk.samples.hello;

/**
 * Starts hello-kv on Jersey + Grizzly: {@code java -jar hello-broker.jar}.
 *
 * <p>Environment: {@code PORT} (8080), {@code HOST} (0.0.0.0), {@code BROKER_AUTH}
 * ({@code iam}, or {@code basic}), {@code PUBLIC_URL}, {@code ASYNC_DELAY_MS} (3000); for IAM:
 * {@code IAM_URL} (unset: an embedded IAM simulator on 127.0.0.1),
 * {@code BROKER_ALLOWED_IDENTITIES}, {@code SSO_CLIENT_ID}, {@code SSO_CLIENT_SECRET},
 * {@code BROKER_API_KEY}; for basic: {@code BROKER_USERNAME} ({@code broker}),
 * {@code BROKER_PASSWORD} (generated and printed when unset); {@code BROKER_METRICS},
 * {@code METRICS_PORT}, {@code METRICS_HOST} ({@link MetricsEndpoints}); for state:
 * {@code BROKER_DATABASE_URL}, {@code BROKER_DATABASE_USER}, {@code BROKER_DATABASE_PASSWORD}
 * (unset: in memory), {@code BROKER_LEASE_S} (30), {@code BROKER_CREDENTIALS_KEY} (the AES key,
 * base64 of 16, 24 or 32 bytes, under which the SDK's registry keeps binding credentials;
 * required with a database and the same on every replica; unset in memory: a random key per
 * process); for the metered plan: {@code METERING_URL}
 * (unset: an embedded metering simulator on 127.0.0.1), {@code METERING_INTERVAL_S} (3600),
 * {@code METERING_TIMEOUT_S} (30), {@code IAM_APIKEY}, {@code METERING_RESOURCE_ID}.
 */
public final class HelloBrokerMain {
  private HelloBrokerMain() {}

  /**
   * Starts the server and blocks until the JVM stops.
   *
   * @param args ignored
   * @throws InterruptedException when interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    HelloConfig config = HelloConfig.fromEnvironment(System.getenv());
    HelloServer server = HelloServer.start(config,
        HelloMetrics.fromEnvironment(System.getenv()));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hello-broker-shutdown"));
    System.out.println(Instructions.text(config, server.baseUri().toString())
        + server.metricsEndpoints().describe(config));
    System.out.println("State: " + (config.state().usesDatabase()
        ? "PostgreSQL " + config.state().databaseUrl().replaceAll("\\?.*", "")
            + " (shared by every replica on it; lease "
            + config.state().lease().toSeconds() + " s; binding credentials encrypted under"
            + " BROKER_CREDENTIALS_KEY)"
        : "in memory (set BROKER_DATABASE_URL to share it between replicas)"));
    System.out.println("Metering (plan 'metered'): " + config.metering().interval().toSeconds()
        + " s windows, records to " + server.metering().baseUrl());
    Thread.currentThread().join();
  }
}

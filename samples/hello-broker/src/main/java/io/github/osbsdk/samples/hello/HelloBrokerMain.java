package io.github.osbsdk.samples.hello;

import com.zaxxer.hikari.pool.HikariPool;
import io.github.osbsdk.broker.core.CredentialKeyMismatchException;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts hello-kv on Jersey + Grizzly: {@code java -jar hello-broker.jar}.
 *
 * <p>Environment: {@code PORT} (8080), {@code HOST} (0.0.0.0), {@code BROKER_AUTH}
 * ({@code iam}, or {@code basic}), {@code PUBLIC_URL}, {@code ASYNC_DELAY_MS} (3000); for IAM:
 * {@code IAM_URL} (unset: an embedded IAM simulator on 127.0.0.1),
 * {@code BROKER_ALLOWED_IDENTITIES}, {@code SSO_CLIENT_ID}, {@code SSO_CLIENT_SECRET},
 * {@code BROKER_API_KEY} (only with {@code IAM_URL}, as {@code IAM_APIKEY}); for basic:
 * {@code BROKER_USERNAME} ({@code broker}),
 * {@code BROKER_PASSWORD} (generated and printed when unset in memory; required with a
 * database); {@code BROKER_METRICS},
 * {@code METRICS_PORT}, {@code METRICS_HOST} ({@link MetricsEndpoints}); for state:
 * {@code BROKER_DATABASE_URL}, {@code BROKER_DATABASE_USER}, {@code BROKER_DATABASE_PASSWORD}
 * (unset: in memory; set but empty: refused), {@code BROKER_DATABASE_MIGRATE} ({@code false}: the
 * migrations are the user's own tool's, only their tables are checked), {@code BROKER_LEASE_S}
 * (30), {@code BROKER_CREDENTIALS_KEY} (the AES key,
 * base64 of 16, 24 or 32 bytes, under which the SDK's registry keeps binding credentials;
 * required with a database and the same on every replica; unset in memory: a random key per
 * process), {@code BROKER_CREDENTIALS_PREVIOUS_KEYS} (earlier keys, comma-separated, which only
 * decrypt), {@code BROKER_CREDENTIALS_REENCRYPT} ({@code true}: after the start, rewrite the
 * stored credentials a previous key opens under the current key); for the metered plan:
 * {@code METERING_URL}
 * (unset: an embedded metering simulator on 127.0.0.1), {@code METERING_INTERVAL_S} (3600),
 * {@code METERING_TIMEOUT_S} (30), {@code IAM_APIKEY}, {@code METERING_RESOURCE_ID}.
 */
public final class HelloBrokerMain {
  /** The exit status for a configuration the sample refuses. */
  public static final int BAD_CONFIGURATION = 2;
  /**
   * The exit status when the server cannot start (port taken, database unreachable or refusing
   * the login, a credentials key other than the one the database's credentials are under).
   */
  public static final int CANNOT_START = 1;

  /** What a start that failed on the database adds: where its settings are. */
  static final String DATABASE_HINT = " (check BROKER_DATABASE_URL, BROKER_DATABASE_USER and"
      + " BROKER_DATABASE_PASSWORD)";

  private HelloBrokerMain() {}

  /**
   * Starts the server and blocks until the JVM stops. A refused configuration or a server that
   * cannot start ends the JVM with one line on standard error (no stack trace) and status
   * {@value #BAD_CONFIGURATION} or {@value #CANNOT_START}.
   *
   * @param args ignored
   * @throws InterruptedException when interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    Started started = start(System.getenv(), System.out, System.err);
    if (started.server() == null) {
      System.exit(started.exitStatus());
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(started.server()::close,
        "hello-broker-shutdown"));
    Thread.currentThread().join();
  }

  /**
   * The outcome of {@link #start}: a running server, or the exit status of a failed start.
   *
   * @param server the running server, or null
   * @param exitStatus 0 when running, else why it did not start
   */
  record Started(HelloServer server, int exitStatus) {}

  /**
   * Reads the configuration from {@code env}, starts the server and prints how to use it; a
   * configuration the sample refuses (the messages never show secret values) or a server that
   * cannot start is reported on {@code err} in one line.
   *
   * @param env the environment
   * @param out where the instructions go
   * @param err where a failure goes
   * @return the running server, or the exit status
   */
  static Started start(Map<String, String> env, PrintStream out, PrintStream err) {
    HelloConfig[] config = new HelloConfig[1];
    Launched<HelloServer> launched = startOrReport("hello-broker", () -> {
      config[0] = HelloConfig.fromEnvironment(env);
      return HelloServer.start(config[0], HelloMetrics.fromEnvironment(env));
    }, err);
    if (launched.server() == null) {
      return new Started(null, launched.exitStatus());
    }
    return new Started(launched.server(), printStarted(config[0], launched.server(), out));
  }

  /**
   * The outcome of {@link #startOrReport}.
   *
   * @param <S> the server's type
   * @param server the running server, or null
   * @param exitStatus 0 when running, else {@value #BAD_CONFIGURATION} or
   *     {@value #CANNOT_START}
   */
  public record Launched<S>(S server, int exitStatus) {}

  private static int printStarted(HelloConfig config, HelloServer server, PrintStream out) {
    out.println(Instructions.text(config, server.baseUri().toString()));
    out.print(server.metricsEndpoints().describe(config)); // a line of its own, or nothing
    out.println("State: " + (config.state().usesDatabase()
        ? "PostgreSQL " + config.state().databaseUrl().replaceAll("\\?.*", "")
            + " (shared by every replica on it; operation lease "
            + config.state().lease().toSeconds() + " s; binding credentials encrypted under"
            + " BROKER_CREDENTIALS_KEY)"
        : "in memory (set BROKER_DATABASE_URL to share it between replicas)"));
    out.println("Metering (plan 'metered'): " + config.metering().interval().toSeconds()
        + " s windows, records to " + server.metering().baseUrl() + " (request timeout "
        + config.metering().requestTimeout().toSeconds() + " s, metering lease "
        + config.metering().meteringLease().toSeconds() + " s: 5 min or "
        + MeteringSettings.LEASE_TIMEOUTS + " x METERING_TIMEOUT_S, the longer)");
    return 0;
  }

  /**
   * Runs a sample's start and reports a failure as {@code java -jar hello-broker.jar} does, for
   * the main class of every sample: a setting the sample refuses (an
   * {@link IllegalArgumentException}, whose message names the variable and never shows a
   * secret) gives one line {@code <sample>: configuration refused: ...} and exit status
   * {@value #BAD_CONFIGURATION}; a server that cannot start (port taken, database unreachable,
   * a credentials key the database's credentials are not under, anything unexpected) one line
   * {@code <sample>: cannot start: ...} and status {@value #CANNOT_START}. Never a stack trace.
   *
   * @param <S> the server's type
   * @param sample the sample's name, which starts the line
   * @param start reads the configuration and starts the server
   * @param err where a failure goes
   * @return the running server, or the exit status
   */
  public static <S> Launched<S> startOrReport(String sample, Supplier<S> start,
      PrintStream err) {
    try {
      return new Launched<>(start.get(), 0);
    } catch (IllegalArgumentException e) {
      err.println(sample + ": configuration refused: " + e.getMessage());
      return new Launched<>(null, BAD_CONFIGURATION);
    } catch (StoreUnavailableException | HikariPool.PoolInitializationException e) {
      err.println(sample + ": cannot start: " + messages(e) + DATABASE_HINT);
      return new Launched<>(null, CANNOT_START);
    } catch (UncheckedIOException | CredentialKeyMismatchException e) {
      err.println(sample + ": cannot start: " + messages(e));
      return new Launched<>(null, CANNOT_START);
    } catch (RuntimeException e) {
      // anything else: still one line and an exit, never a stack trace and a JVM kept alive by
      // the threads started so far
      err.println(sample + ": cannot start: " + e.getClass().getSimpleName() + ": "
          + messages(e).replaceAll("\\?\\S*", "?..."));
      return new Launched<>(null, CANNOT_START);
    }
  }

  /**
   * The messages of an exception and its causes, joined (no stack trace), without the passwords
   * of database URLs ({@link UrlPasswords}).
   */
  private static String messages(Throwable e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
        sb.append(": ").append(c.getMessage());
      }
    }
    return UrlPasswords.hide(sb.toString());
  }
}

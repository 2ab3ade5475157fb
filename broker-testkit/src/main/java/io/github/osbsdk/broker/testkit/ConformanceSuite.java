package io.github.osbsdk.broker.testkit;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.testkit.client.OsbClient;
import io.github.osbsdk.broker.testkit.client.OsbClientBuilder;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import io.github.osbsdk.broker.testkit.internal.check.Front;
import io.github.osbsdk.broker.testkit.internal.check.SuiteSettings;
import io.github.osbsdk.broker.testkit.internal.client.Replicas;
import io.github.osbsdk.broker.testkit.internal.client.SettingChecks;
import io.github.osbsdk.broker.testkit.internal.run.InProcessServer;
import io.github.osbsdk.broker.testkit.internal.run.InProcessSupport;
import io.github.osbsdk.broker.testkit.internal.run.Preflight;
import io.github.osbsdk.broker.testkit.internal.run.SuiteCredentials;
import io.github.osbsdk.broker.testkit.internal.run.SuiteFront;
import io.github.osbsdk.broker.testkit.internal.run.SuiteRunner;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The OSB 2.17 + IBM Cloud conformance suite: black-box checks over HTTP of every rule of
 * {@link Rule}, generated per plan from the broker's catalog.
 *
 * <pre>{@code
 * SuiteResult r = ConformanceSuite.builder()
 *     .url(URI.create("https://broker.example.com"))   // or .inProcess(broker), .urls(replicas)
 *     .basicAuth("user", "secret")                     // or .bearer(t) / .iamApiKey(iam, key)
 *     .skip(Rule.CATALOG_ETAG)
 *     .build().run();
 * assert r.failed() == 0 : r.report();
 * }</pre>
 *
 * <p>Every check cleans up what it creates. Checks run in parallel ({@link
 * Builder#parallelism(int)}, default 4). Asynchronous operations are polled honouring
 * {@code Retry-After} (capped by {@link Builder#maxPollInterval(Duration)}) and the plan's
 * {@code maximum_polling_duration} (capped by {@link Builder#asyncTimeout(Duration)}).
 */
public final class ConformanceSuite {
  static {
    SuiteFront.register((b, front) -> b.front = front, (b, onStop) -> b.onStop = onStop);
  }

  private final Builder config;
  private final AtomicBoolean ranInProcess = new AtomicBoolean();

  private ConformanceSuite(Builder config) {
    this.config = config;
  }

  /**
   * Starts a conformance run against one broker (or several replicas of it).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the suite. It first asks every broker URL for the catalog with the configured
   * credentials: when one cannot be reached, refuses the credentials (401, 403) or answers
   * something other than an OSB catalog (a wrong base path's 404, an HTML page), no check runs
   * and the result holds a single failed {@code catalog.status} saying why (whatever the
   * skips), instead of every check failing.
   *
   * @return the result of running every check
   * @throws IllegalArgumentException when a name given to {@link Builder#skip} is neither a rule
   *     id nor the name of a check planned from the broker's catalog (a typo), or a plan id of
   *     the capabilities ({@code asyncOnlyPlans}, {@code provisionParameters},
   *     {@code bindParameters}) is no plan of the catalog: no check runs
   */
  public SuiteResult run() {
    return run(r -> {});
  }

  /**
   * Runs the suite, stopping early as {@link #run()} says.
   *
   * @param listener told of every result as it becomes known, in plan order
   * @return the result of running every check
   * @throws IllegalArgumentException when a name given to {@link Builder#skip} is neither a rule
   *     id nor the name of a check planned from the broker's catalog, or a plan id of the
   *     capabilities ({@code asyncOnlyPlans}, {@code provisionParameters},
   *     {@code bindParameters}) is no plan of the catalog: no check runs
   * @throws IllegalStateException when the calling thread is interrupted (its interrupt status
   *     is set again): checks not started do not run, and the running ones first delete what
   *     they created; or when an in-process suite is run a second time (its first run closed
   *     the broker, see {@link Builder#inProcess})
   */
  public SuiteResult run(Consumer<CheckResult> listener) {
    Objects.requireNonNull(listener, "listener == null");
    if (config.broker != null) {
      if (!ranInProcess.compareAndSet(false, true)) {
        throw new IllegalStateException("an in-process suite runs once: its first run closed"
            + " the broker; build a new broker and suite to run again");
      }
      try (Broker broker = config.broker) {
        InProcessSupport.require();
        try (InProcessServer server = InProcessServer.start(broker)) {
          return run(List.of(server.baseUrl()), listener);
        }
      }
    }
    return run(config.urls, listener);
  }

  private SuiteResult run(List<URI> urls, Consumer<CheckResult> listener) {
    SuiteCredentials.Clients clients = config.credentials.clients(urls, config.apiVersion,
        config.requestTimeout);
    SuiteSettings settings = new SuiteSettings(clients.main(), clients.wrong(),
        config.capabilities, config.asyncTimeout, config.maxPollInterval, clients.iamProbes(),
        config.front);
    return SuiteRunner.run(settings, config.skips, config.parallelism, listener, config.onStop);
  }

  /** Configures a {@link ConformanceSuite}. */
  public static final class Builder {
    private final List<URI> urls = new ArrayList<>();
    private Broker broker;
    private SuiteCredentials credentials = SuiteCredentials.none();
    private String apiVersion = OsbClient.DEFAULT_API_VERSION;
    private final Set<String> skips = new LinkedHashSet<>();
    private Capabilities capabilities = Capabilities.fromCatalog();
    private int parallelism = 4;
    /**
     * The longest async timeout: an operation still in progress after a day is a broken broker,
     * and a longer wait holds the run (and its cleanup) for good.
     */
    public static final Duration MAX_ASYNC_TIMEOUT = Duration.ofHours(24);
    /**
     * The longest request timeout, 24 hours: the typed client's
     * {@link OsbClientBuilder#MAX_TIMEOUT}.
     */
    public static final Duration MAX_REQUEST_TIMEOUT = OsbClientBuilder.MAX_TIMEOUT;
    /** The most checks at once: more than the suite has gain nothing and only start threads. */
    public static final int MAX_PARALLELISM = 256;

    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration asyncTimeout = Duration.ofSeconds(60);
    private Duration maxPollInterval = Duration.ofSeconds(1);
    private Front front = Front.API;
    private Consumer<Preflight.Stop> onStop;

    private Builder() {}

    /**
     * Runs against a running broker.
     *
     * @param url the base URL of a running broker (without {@code /v2})
     * @return this
     * @throws IllegalArgumentException unless an absolute http(s) URL without
     *     {@code user:password@} (give credentials with {@link #basicAuth} instead)
     */
    public Builder url(URI url) {
      return urls(List.of(Objects.requireNonNull(url, "url == null")));
    }

    /**
     * Runs against several replicas of one broker: each request goes to the next replica (round
     * robin), and the {@code replicas.*} rules check that what one replica accepted, the others
     * know (an instance created on A is fetched, polled and deleted on B).
     *
     * @param urls the base URL of every replica, at least one
     * @return this
     * @throws IllegalArgumentException when empty, when a URL is not an absolute http(s) URL
     *     without {@code user:password@}, or when one is given twice
     */
    public Builder urls(List<URI> urls) {
      if (urls.isEmpty()) {
        throw new IllegalArgumentException("at least one URL is needed");
      }
      List<URI> checked = new ArrayList<>();
      for (URI u : urls) {
        checked.add(Replicas.checkUrl("url", u));
      }
      Replicas.requireDistinct(checked);
      this.urls.clear();
      this.urls.addAll(checked);
      this.broker = null;
      return this;
    }

    /**
     * Mounts the broker on embedded Jersey + Grizzly at 127.0.0.1 on a random port for the run.
     * The container is an optional dependency of the kit: add
     * {@code org.glassfish.jersey.containers:jersey-container-grizzly2-http} and
     * {@code org.glassfish.jersey.inject:jersey-hk2} (test scope) to use it, or mount the broker
     * in your own container and use {@link #url(URI)}.
     *
     * <p>The suite takes the broker over: {@link ConformanceSuite#run()} closes it
     * ({@link Broker#close()}: its executor and maintenance loop) when the run ends, after
     * stopping the HTTP server, so an in-process suite runs once. What you passed to the
     * broker's builder stays yours to close after the run: the {@code BrokerStore} (a
     * {@code PostgresBrokerStore} and its connection pool) and an executor of your own.
     *
     * @param broker the broker, closed by the run
     * @return this
     */
    public Builder inProcess(Broker broker) {
      this.broker = Objects.requireNonNull(broker, "broker == null");
      this.urls.clear();
      return this;
    }

    /**
     * Calls the broker with basic auth.
     *
     * @param username user
     * @param password password
     * @return this
     */
    public Builder basicAuth(String username, String password) {
      this.credentials = SuiteCredentials.basic(username, password);
      return this;
    }

    /**
     * Calls the broker with a bearer token, e.g. an IAM access token.
     *
     * @param token a bearer token (e.g. an IAM access token)
     * @return this
     */
    public Builder bearer(String token) {
      this.credentials = SuiteCredentials.bearer(token);
      return this;
    }

    /**
     * Exchanges an IBM Cloud API key for an IAM token ({@code POST {iamUrl}/identity/token}).
     *
     * @param iamUrl the IAM base URL
     * @param apiKey the API key
     * @return this
     */
    public Builder iamApiKey(URI iamUrl, String apiKey) {
      this.credentials = SuiteCredentials.iamApiKey(Replicas.checkUrl("iamUrl", iamUrl), apiKey);
      return this;
    }

    /**
     * Authenticates with IAM tokens the kit mints itself, signed by an IAM simulator the broker
     * trusts (its IAM URL is {@code simulator.baseUrl()}): valid tokens for the allowed identity,
     * and the {@code iam.*} rules send expired tokens, tokens signed with a foreign key and
     * tokens of an identity that is not allowed.
     *
     * @param simulator the IAM simulator the broker validates tokens against
     * @param allowedIamId an {@code iam_id} the broker allows, e.g. {@code crn-<broker CRN>}
     * @return this
     */
    public Builder iamSimulator(IamSimulator simulator, String allowedIamId) {
      this.credentials = SuiteCredentials.iamSimulator(simulator, allowedIamId);
      return this;
    }

    /**
     * Sets the {@code X-Broker-API-Version} the kit sends.
     *
     * @param version the {@code X-Broker-API-Version} to send (default 2.17)
     * @return this
     */
    public Builder apiVersion(String version) {
      this.apiVersion = Objects.requireNonNull(version, "version == null");
      return this;
    }

    /**
     * Leaves out every check of these rules.
     *
     * @param rules rules whose checks (all of them) to skip
     * @return this
     */
    public Builder skip(Rule... rules) {
      Arrays.stream(rules).forEach(r -> skips.add(Objects.requireNonNull(r, "rule == null").id()));
      return this;
    }

    /**
     * Skips checks by name, as the CLI's {@code --skip} does: a rule id, or one check of a plan
     * as the report names it ({@code rule.id[service/plan]}), which {@link #skip(Rule...)} cannot
     * express. A name that is neither a rule id nor a check planned from the broker's catalog
     * makes {@link ConformanceSuite#run()} throw {@code IllegalArgumentException} naming close
     * matches (or listing every rule id), before any check runs.
     *
     * @param ruleIdsOrCheckNames rule ids (all their checks) or check names to skip
     * @return this
     */
    public Builder skip(String... ruleIdsOrCheckNames) {
      skips.addAll(Arrays.asList(ruleIdsOrCheckNames));
      return this;
    }

    /**
     * Tells the kit what the broker supports beyond its catalog.
     *
     * @param capabilities declared capabilities
     * @return this
     */
    public Builder capabilities(Capabilities capabilities) {
      this.capabilities = Objects.requireNonNull(capabilities, "capabilities == null");
      return this;
    }

    /**
     * Sets how many checks run at once.
     *
     * @param threads how many checks run at once (default 4), from 1 to
     *     {@value #MAX_PARALLELISM}
     * @return this
     * @throws IllegalArgumentException unless from 1 to {@value #MAX_PARALLELISM}
     */
    public Builder parallelism(int threads) {
      this.parallelism = SettingChecks.oneTo("parallelism", "the number of checks at once",
          threads, MAX_PARALLELISM);
      return this;
    }

    /**
     * Sets how long the kit waits for one answer of the broker before the check fails.
     *
     * @param timeout per-request timeout, the whole answer included (default 10 s), positive and
     *     at most {@link #MAX_REQUEST_TIMEOUT} (24 hours)
     * @return this
     * @throws IllegalArgumentException unless positive and at most {@link #MAX_REQUEST_TIMEOUT}
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = SettingChecks.positiveAtMost("requestTimeout", "the request timeout",
          Objects.requireNonNull(timeout, "timeout == null"), MAX_REQUEST_TIMEOUT);
      return this;
    }

    /**
     * Sets how long the kit polls one asynchronous operation before the check fails.
     *
     * @param timeout longest wait for one async operation (default 60 s), positive and at most
     *     {@link #MAX_ASYNC_TIMEOUT} (24 hours)
     * @return this
     * @throws IllegalArgumentException unless positive and at most {@link #MAX_ASYNC_TIMEOUT}
     */
    public Builder asyncTimeout(Duration timeout) {
      this.asyncTimeout = SettingChecks.positiveAtMost("asyncTimeout", "the async timeout",
          Objects.requireNonNull(timeout, "timeout == null"), MAX_ASYNC_TIMEOUT);
      return this;
    }

    /**
     * Sets the longest wait between two polls of {@code last_operation}.
     *
     * @param max cap on the wait between polls, whatever {@code Retry-After} says (default 1 s),
     *     positive and at most {@link #MAX_ASYNC_TIMEOUT} (24 hours)
     * @return this
     * @throws IllegalArgumentException unless positive and at most {@link #MAX_ASYNC_TIMEOUT}
     */
    public Builder maxPollInterval(Duration max) {
      this.maxPollInterval = SettingChecks.positiveAtMost("maxPollInterval",
          "the longest poll interval", Objects.requireNonNull(max, "max == null"),
          MAX_ASYNC_TIMEOUT);
      return this;
    }

    /**
     * Builds the suite; nothing is sent to the broker before {@link ConformanceSuite#run()}.
     *
     * @return the suite
     */
    public ConformanceSuite build() {
      if (urls.isEmpty() && broker == null) {
        throw new IllegalStateException("set url(...) or inProcess(...)");
      }
      return new ConformanceSuite(this);
    }
  }
}
